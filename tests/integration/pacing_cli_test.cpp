// End to end: rate limits, their minimums, think time, number_ios and exitall, run
// through the built binary with the null engine. Timing-dependent checks assert wide
// bands or invariants, never tight times; exact counts are asserted where exact.
#include "run_command.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace fio::test {
namespace {

using nlohmann::json;

json jobs_of(const CommandResult& r) {
    EXPECT_TRUE(json::accept(r.out)) << "not JSON:\n" << r.out << "\nstderr:\n" << r.err;
    return json::accept(r.out) ? json::parse(r.out)["jobs"] : json::array();
}

std::uint64_t u64(const json& value) { return value.get<std::uint64_t>(); }

constexpr std::uint64_t kMiB = 1 << 20;

TEST(PacingCli, RateCapsBandwidth) {
    // 10 MiB/s for 2 s: stock fio moves exactly 20 MiB here; allow a wide band.
    const auto r = run_fio("--name=r --ioengine=null --size=1g --rate=10m --runtime=2 "
                           "--time_based --output-format=json", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json jobs = jobs_of(r);
    const std::uint64_t bytes = u64(jobs[0]["read"]["io_bytes"]);
    EXPECT_GE(bytes, 15 * kMiB);
    EXPECT_LE(bytes, 25 * kMiB);
}

TEST(PacingCli, RateIopsCapsEachDirectionOfAMixedJob) {
    const auto r = run_fio("--name=r --ioengine=null --size=1g --rw=randrw --rate_iops=500 "
                           "--runtime=2 --time_based --output-format=json", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json jobs = jobs_of(r);
    for (const char* dir : {"read", "write"}) {
        EXPECT_GE(u64(jobs[0][dir]["total_ios"]), 750u) << dir;
        EXPECT_LE(u64(jobs[0][dir]["total_ios"]), 1250u) << dir;
    }
}

TEST(PacingCli, PerDirectionRatesSteerAMixedJob) {
    // Reads 1 MiB/s, writes 100 KiB/s (stock: 2 MiB and 200 KiB in 2 s).
    const auto r = run_fio("--name=r --ioengine=null --size=1g --rw=randrw --rate=1m,100k "
                           "--runtime=2 --time_based --output-format=json", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json jobs = jobs_of(r);
    const std::uint64_t reads = u64(jobs[0]["read"]["io_bytes"]);
    const std::uint64_t writes = u64(jobs[0]["write"]["io_bytes"]);
    EXPECT_GE(reads, 3 * kMiB / 2);
    EXPECT_LE(reads, 5 * kMiB / 2);
    EXPECT_GE(writes, 150u * 1024);
    EXPECT_LE(writes, 250u * 1024);
}

TEST(PacingCli, PoissonOffloadKeepsTheMeanRate) {
    const auto r = run_fio("--name=p --ioengine=null --iodepth=8 --size=1g --rate_iops=1000 "
                           "--rate_process=poisson --io_submit_mode=offload --runtime=2 "
                           "--time_based --output-format=json", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::uint64_t ios = u64(jobs_of(r)[0]["read"]["total_ios"]);
    EXPECT_GE(ios, 1500u);
    EXPECT_LE(ios, 2500u);
}

TEST(PacingCli, OffloadWithARateIsRefusedForAnEngineThatCompletesInSubmission) {
    const auto r = run_fio("--name=o --ioengine=null --size=1m --io_submit_mode=offload "
                           "--rate_iops=100 --output-format=json", 30);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("io_submit_mode=offload"), std::string::npos) << r.err;
    EXPECT_EQ(jobs_of(r)[0]["error"].get<int>(), 22);
}

TEST(PacingCli, OffloadWithoutARateRunsOnAnyEngine) {
    // As stock's own t0013: null at iodepth=1 with io_submit_mode=offload.
    const auto r = run_fio("--name=o --ioengine=null --size=1m --io_submit_mode=offload "
                           "--output-format=json", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(u64(jobs_of(r)[0]["read"]["io_bytes"]), 1024u * 1024);
}

TEST(PacingCli, RateMinAboveRateIsRefusedBeforeStart) {
    const auto r = run_fio("--name=m --ioengine=null --size=1m --rate=1m --rate_min=2m", 30);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("rate_min (2097152 B/s) is above rate (1048576 B/s)"), std::string::npos)
        << r.err;
}

TEST(PacingCli, RateMinNotMetFailsTheJobWithEio) {
    // 10 ms think time allows ~400 KB/s, far below 100 MiB/s: after the 2 s settling
    // period the first 500 ms cycle fails, as in stock fio (err=5).
    const auto r = run_fio("--name=m --ioengine=null --size=1g --rate_min=100m --thinktime=10ms "
                           "--rate_cycle=500 --runtime=10 --time_based --output-format=json", 30);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("rate_min=104857600B/s not met, got "), std::string::npos) << r.err;
    const json jobs = jobs_of(r);
    EXPECT_EQ(jobs[0]["error"].get<int>(), 5);
    EXPECT_LT(u64(jobs[0]["read"]["runtime"]), 5000u);
}

TEST(PacingCli, NumberIosStopsExactlyPerLoop) {
    const auto r = run_fio("--name=n --ioengine=null --size=1g --iodepth=16 --number_ios=777 "
                           "--loops=3 --output-format=json", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json jobs = jobs_of(r);
    EXPECT_EQ(u64(jobs[0]["read"]["total_ios"]), 3u * 777);
    EXPECT_EQ(u64(jobs[0]["read"]["io_bytes"]), 3u * 777 * 4096);
}

TEST(PacingCli, ThinktimeSlowsTheJob) {
    // One I/O, then at least 2 ms of think time: at most 500 I/Os fit in a second.
    const auto r = run_fio("--name=t --ioengine=null --size=1g --thinktime=2ms --runtime=1 "
                           "--time_based --output-format=json", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::uint64_t ios = u64(jobs_of(r)[0]["read"]["total_ios"]);
    EXPECT_GT(ios, 0u);
    EXPECT_LE(ios, 501u);
}

TEST(PacingCli, ThinktimeBlocksPausesAfterEachBatch) {
    // Pauses of 50 ms after every 100 I/Os: at most 100 * (1 + 1000 / 50) in a second.
    const auto r = run_fio("--name=t --ioengine=null --size=1g --thinktime=50ms "
                           "--thinktime_blocks=100 --thinktime_blocks_type=issue --runtime=1 "
                           "--time_based --output-format=json", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::uint64_t ios = u64(jobs_of(r)[0]["read"]["total_ios"]);
    EXPECT_GE(ios, 100u);
    EXPECT_LE(ios, 2100u);
}

TEST(PacingCli, ExitallEndsTheOtherJobOfTheGroup) {
    const auto began = std::chrono::steady_clock::now();
    const auto r = run_fio("--exitall --ioengine=null --size=1g --output-format=json "
                           "--name=short --number_ios=20 --thinktime=10ms "
                           "--name=long --time_based --runtime=30 --thinktime=1ms", 60);
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::steady_clock::now() - began).count();
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json jobs = jobs_of(r);
    EXPECT_EQ(u64(jobs[0]["read"]["total_ios"]), 20u);
    EXPECT_LT(u64(jobs[1]["job_runtime"]), 10'000u);
    EXPECT_LT(seconds, 15);
}

TEST(PacingCli, ExitWhatAllKeepsLaterJobsFromRunning) {
    const auto r = run_fio("--exitall --exit_what=all --ioengine=null --size=1g "
                           "--output-format=json --name=short --number_ios=10 "
                           "--name=long --time_based --runtime=30 --thinktime=1ms "
                           "--name=later --stonewall --number_ios=5", 60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json jobs = jobs_of(r);
    ASSERT_EQ(jobs.size(), 3u);
    EXPECT_LT(u64(jobs[1]["job_runtime"]), 10'000u);
    EXPECT_EQ(u64(jobs[2]["read"]["total_ios"]), 0u);
}

TEST(PacingCli, WithoutExitallTheOtherJobRunsOn) {
    const auto r = run_fio("--ioengine=null --size=1g --output-format=json "
                           "--name=short --number_ios=10 "
                           "--name=long --time_based --runtime=1", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_GE(u64(jobs_of(r)[1]["job_runtime"]), 1000u);
}

}  // namespace
}  // namespace fio::test
