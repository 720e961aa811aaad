// End to end: latency_target's queue-depth search and max_latency through the built
// binary, on the null engine (whose I/Os always meet a generous target and never meet
// a 1 ns one) and stock fio's latency-profile.fio scaled down on a scratch file.
#include "run_command.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

namespace fio::test {
namespace {

using nlohmann::json;

json jobs_of(const CommandResult& r) {
    EXPECT_TRUE(json::accept(r.out)) << "not JSON:\n" << r.out << "\nstderr:\n" << r.err;
    return json::accept(r.out) ? json::parse(r.out)["jobs"] : json::array();
}

std::uint64_t u64(const json& value) { return value.get<std::uint64_t>(); }

TEST(LatencyCli, WithoutATargetFiosDefaultsAreReported) {
    const auto r = run_fio("--name=x --ioengine=null --size=1m --iodepth=4 --output-format=json", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json job = jobs_of(r)[0];
    EXPECT_EQ(u64(job["latency_depth"]), 4u);
    EXPECT_EQ(u64(job["latency_target"]), 0u);
    EXPECT_EQ(u64(job["latency_window"]), 0u);
    EXPECT_DOUBLE_EQ(job["latency_percentile"].get<double>(), 100.0);
}

// Every window meets the target: depth 1, 2, 4, 8, then 8 again (found), statistics
// restart and one more window runs; the job ends there, long before its runtime
// (stock fio 3.33: job_runtime 203 ms here).
TEST(LatencyCli, AMetTargetRampsToIodepthAndEndsAfterOneMoreWindow) {
    const auto r = run_fio("--name=x --ioengine=null --rw=randread --size=1g --time_based "
                           "--runtime=5 --iodepth=8 --latency_target=500ms "
                           "--latency_window=200ms --output-format=json", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json job = jobs_of(r)[0];
    EXPECT_EQ(u64(job["latency_depth"]), 8u);
    EXPECT_EQ(u64(job["latency_target"]), 500'000'000u);  // ns
    EXPECT_EQ(u64(job["latency_window"]), 200'000u);      // us, as stock
    EXPECT_GE(u64(job["job_runtime"]), 200u);
    EXPECT_LT(u64(job["job_runtime"]), 1000u);
    EXPECT_LT(u64(job["elapsed"]), 4u);
}

TEST(LatencyCli, LatencyRunKeepsTheJobGoingForItsRuntime) {
    const auto r = run_fio("--name=x --ioengine=null --rw=randread --size=1g --time_based "
                           "--runtime=2 --iodepth=8 --latency_target=500ms "
                           "--latency_window=200ms --latency_run=1 --output-format=json", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json job = jobs_of(r)[0];
    EXPECT_EQ(u64(job["latency_depth"]), 8u);
    // The runtime restarts with the statistics once the depth is found, as in stock.
    EXPECT_GE(u64(job["job_runtime"]), 1900u);
}

TEST(LatencyCli, ALateIoAtDepthOneEndsTheJobWithEtimedout) {
    const auto r = run_fio("--name=x --ioengine=null --size=1m --latency_target=1ns "
                           "--latency_window=1s --output-format=json", 30);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("latency_target"), std::string::npos) << r.err;
    const json job = jobs_of(r)[0];
    EXPECT_EQ(job["error"].get<int>(), 110);
    EXPECT_LE(u64(job["read"]["total_ios"]), 3u);
}

TEST(LatencyCli, BelowThePercentileTheJobStaysAtDepthOne) {
    // Every I/O is late, but only half must meet the target: no error, depth 1.
    const auto r = run_fio("--name=x --ioengine=null --size=1g --time_based --runtime=1 "
                           "--iodepth=8 --latency_target=1ns --latency_window=100ms "
                           "--latency_percentile=50 --output-format=json", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json job = jobs_of(r)[0];
    EXPECT_EQ(u64(job["latency_depth"]), 1u);
    EXPECT_DOUBLE_EQ(job["latency_percentile"].get<double>(), 50.0);
    EXPECT_GE(u64(job["job_runtime"]), 900u);
}

TEST(LatencyCli, MaxLatencyEndsTheJobAtTheFirstLateIo) {
    // As stock fio 3.33: error 110 after one I/O.
    const auto r = run_fio("--name=x --ioengine=null --size=1m --max_latency=1ns "
                           "--output-format=json", 30);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("max_latency"), std::string::npos) << r.err;
    const json job = jobs_of(r)[0];
    EXPECT_EQ(job["error"].get<int>(), 110);
    EXPECT_EQ(u64(job["read"]["total_ios"]), 1u);
}

TEST(LatencyCli, MaxLatencyIsPerDirection) {
    // Reads may take 1 ns, writes 10 s: a write job is never late.
    const auto r = run_fio("--name=x --ioengine=null --rw=write --size=1m --max_latency=1ns,10s "
                           "--output-format=json", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(u64(jobs_of(r)[0]["write"]["total_ios"]), 256u);
}

TEST(LatencyCli, NormalOutputShowsTheSearchLine) {
    const auto r = run_fio("--name=x --ioengine=null --size=64m --iodepth=4 "
                           "--latency_target=500ms --latency_window=50ms "
                           "--latency_percentile=99.9", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("latency   : target=500000000, window=50000, percentile=99.90%, depth="),
              std::string::npos) << r.out;
}

TEST(LatencyCli, StockLatencyProfileExampleRunsScaledDown) {
    const std::filesystem::path example = "/usr/share/doc/fio/examples/latency-profile.fio";
    if (!std::filesystem::exists(example)) GTEST_SKIP();
    ScratchDir dir;
    std::ifstream in(example);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text = std::regex_replace(text, std::regex("filename=/dev/sda"),
                              "filename=" + (dir / "disk") + "\nsize=32m");
    text = std::regex_replace(text, std::regex("latency_window=5000000"), "latency_window=100000");
    const std::string job = dir / "latency-profile.fio";
    std::ofstream(job) << text;
    const auto r = run_fio(job + " --output-format=json", 60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json j = jobs_of(r)[0];
    EXPECT_EQ(u64(j["latency_target"]), 500'000'000u);
    EXPECT_EQ(u64(j["latency_window"]), 100'000u);
    EXPECT_DOUBLE_EQ(j["latency_percentile"].get<double>(), 99.9);
    EXPECT_GE(u64(j["latency_depth"]), 1u);
    EXPECT_LE(u64(j["latency_depth"]), 128u);
    // Statistics restart once the depth is found, so only the I/O after that counts.
    EXPECT_GT(u64(j["read"]["io_bytes"]), 0u);
    EXPECT_LE(u64(j["read"]["io_bytes"]), 32u << 20);
}

}  // namespace
}  // namespace fio::test
