// Job options stock fio 3.33 accepts that were once refused here (issue 12, cause 3):
// each runs with ours and with stock, and what a consumer sees is compared: exit
// status, stderr, the option's observable effect.
#include "stock_compare.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace fio::test {
namespace {

class JobOptionsStock : public ::testing::Test {
protected:
    void SetUp() override {
        if (!stock_available()) GTEST_SKIP() << "stock fio is not installed";
    }
};

// A small read job on a file of the scratch directory, plus `extra` options.
std::string read_job(const std::string& extra, const std::string& format = "terse") {
    return "--name=x --size=1m --filename=f --rw=read --output-format=" + format + " " + extra;
}

// The terse line's fields (the last line of stdout that starts with "3;").
std::vector<std::string> terse_fields(const std::string& out) {
    std::vector<std::string> fields;
    for (const auto& line : split_fields(out, '\n')) {
        if (line.rfind("3;", 0) == 0) fields = split_fields(line);
    }
    return fields;
}

void expect_same_exit_and_quiet(const SideBySide& run) {
    EXPECT_EQ(run.ours.exit_code, run.stock.exit_code) << run.ours.err << "\n--\n" << run.stock.err;
    if (run.stock.err.empty()) {
        EXPECT_EQ(run.ours.err, "");
    }
}

TEST_F(JobOptionsStock, DiskUtilStatsGtodCpuAndSamplingPeriodsAreAccepted) {
    const auto run = run_side_by_side(
        read_job("--disk_util=0 --gtod_cpu=0 --stats=1 --bwavgtime=250 --iopsavgtime=250"));
    // Stock's time-keeping thread (gtod_cpu) now and then crashes stock itself on a busy
    // machine (SIGSEGV, exit 139): ours is held to stock's result whenever stock ends.
    if (run.stock.exit_code < 128) expect_same_exit_and_quiet(run);
    EXPECT_EQ(run.ours.exit_code, 0);
    EXPECT_EQ(terse_fields(run.ours.out).at(5), "1024");
}

TEST_F(JobOptionsStock, AioIsLibaio) {
    const auto run = run_side_by_side(read_job("--ioengine=aio", "normal"));
    expect_same_exit_and_quiet(run);
    const std::string banner = "ioengine=libaio, iodepth=1";
    EXPECT_NE(run.stock.out.find(banner), std::string::npos) << run.stock.out;
    EXPECT_NE(run.ours.out.find(banner), std::string::npos) << run.ours.out;
}

TEST_F(JobOptionsStock, ExecPrerunAndPostrunSaveTheirOutput) {
    const auto run = run_side_by_side(
        read_job("--exec_prerun='echo before' --exec_postrun='echo after'", "normal") +
        " && cat x.prerun.txt x.postrun.txt");
    expect_same_exit_and_quiet(run);
    for (const auto* out : {&run.ours.out, &run.stock.out}) {
        EXPECT_NE(out->find("x : Saving output of prerun in x.prerun.txt"), std::string::npos);
        EXPECT_NE(out->find("x : Saving output of postrun in x.postrun.txt"), std::string::npos);
        EXPECT_NE(out->find("before\nafter\n"), std::string::npos) << *out;
    }
}

TEST_F(JobOptionsStock, AFailingPrerunSkipsTheJobWithoutError) {
    const auto run = run_side_by_side(read_job("--exec_prerun='exit 3'"));
    expect_same_exit_and_quiet(run);
    EXPECT_EQ(run.ours.exit_code, 0);
    const auto ours = terse_fields(run.ours.out);
    const auto stock = terse_fields(run.stock.out);
    ASSERT_GT(ours.size(), 5u);
    ASSERT_GT(stock.size(), 5u);
    EXPECT_EQ(ours[4], stock[4]);  // error 0
    EXPECT_EQ(ours[5], "0");       // no bytes read
    EXPECT_EQ(stock[5], "0");
}

TEST_F(JobOptionsStock, StatsZeroLeavesTheJobOutOfTheResults) {
    const auto run = run_side_by_side(
        "--output-format=json --filename=f --rw=read --name=a --size=1m --stats=0 "
        "--name=b --size=2m");
    expect_same_exit_and_quiet(run);
    const auto ours = nlohmann::json::parse(run.ours.out);
    ASSERT_EQ(ours["jobs"].size(), 1u);
    EXPECT_EQ(ours["jobs"][0]["jobname"], "b");
    EXPECT_EQ(ours["jobs"][0]["read"]["io_bytes"], 2 << 20);
    // Stock prints a job line before its document (and an empty entry for a); b is
    // the one job it reports.
    const auto stock = nlohmann::json::parse(run.stock.out.substr(run.stock.out.find('{')));
    const auto named = std::count_if(stock["jobs"].begin(), stock["jobs"].end(), [](const auto& j) {
        return j.contains("jobname");
    });
    EXPECT_EQ(named, 1);
}

TEST_F(JobOptionsStock, UnitBaseOneShowsRatesInBits) {
    const auto run = run_side_by_side(read_job("--unit_base=1", "normal"));
    expect_same_exit_and_quiet(run);
    for (const auto* out : {&run.ours.out, &run.stock.out}) {
        const auto bw = out->find("BW=");
        ASSERT_NE(bw, std::string::npos) << *out;
        EXPECT_NE(out->find("bit/s", bw), std::string::npos) << *out;
        EXPECT_NE(out->find("io=1024KiB"), std::string::npos) << *out;  // sizes stay bytes
    }
    const auto read_line = [](const std::string& out) {
        for (const auto& line : masked_lines(out)) {
            if (line.find("READ: bw=") != std::string::npos) return line;
        }
        return std::string();
    };
    EXPECT_EQ(read_line(run.ours.out), read_line(run.stock.out));
}

TEST_F(JobOptionsStock, BwavgtimeSetsHowManyBandwidthSamplesThereAre) {
    const auto run = run_side_by_side(
        read_job("--time_based --runtime=1200ms --rate=1m --bwavgtime=100 --iopsavgtime=400",
                 "json"));
    expect_same_exit_and_quiet(run);
    const auto ours = nlohmann::json::parse(run.ours.out)["jobs"][0]["read"];
    const auto stock = nlohmann::json::parse(run.stock.out)["jobs"][0]["read"];
    // Both take more bandwidth samples than IOPS samples. Stock's helper thread samples
    // less often than asked (5 bw samples in 1.2 s on the reference machine); ours take
    // one per period: about 12 and 3 (loose bands).
    for (const auto& read : {ours, stock}) {
        EXPECT_GT(read["bw_samples"].get<int>(), read["iops_samples"].get<int>()) << read.dump();
    }
    EXPECT_GE(ours["bw_samples"].get<int>(), 8) << ours.dump();
    EXPECT_LE(ours["bw_samples"].get<int>(), 13) << ours.dump();
    EXPECT_GE(ours["iops_samples"].get<int>(), 2) << ours.dump();
    EXPECT_LE(ours["iops_samples"].get<int>(), 4) << ours.dump();
}

TEST_F(JobOptionsStock, OverwriteLaysTheFileOutWithData) {
    // A random-write job's file is written out before the workload with overwrite=1:
    // all its blocks hold data, none is a hole.
    const auto run = run_side_by_side(
        "--name=x --size=1m --filename=f --rw=randwrite --number_ios=1 --overwrite=1 "
        "--create_fsync=0 --output-format=terse && stat -c '%s %b' f");
    expect_same_exit_and_quiet(run);
    for (const auto* out : {&run.ours.out, &run.stock.out}) {
        EXPECT_NE(out->find("\n1048576 2048"), std::string::npos) << *out;
    }
}

TEST_F(JobOptionsStock, UnknownIoSchedulerFailsTheJob) {
    const auto run = run_side_by_side(read_job("--ioscheduler=no-such-scheduler"));
    if (run.stock.exit_code == 0) GTEST_SKIP() << "the scratch directory is on no block device";
    EXPECT_EQ(run.ours.exit_code, run.stock.exit_code);
    const std::string said = "unable to set io scheduler to no-such-scheduler";
    EXPECT_NE(run.stock.err.find(said), std::string::npos) << run.stock.err;
    EXPECT_NE(run.ours.err.find(said), std::string::npos) << run.ours.err;
}

TEST_F(JobOptionsStock, UidSwitchesTheJobBeforeItOpensItsFiles) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to switch user";
    // nobody may read the root-owned file but not write it.
    const std::string setup = "head -c 1048576 /dev/zero > f && chmod 644 f";
    for (const std::string rw : {"read", "write"}) {
        const auto run = run_side_by_side(
            "--name=x --size=1m --filename=f --uid=65534 --gid=65534 --output-format=terse "
            "--rw=" + rw, setup);
        EXPECT_EQ(run.ours.exit_code, run.stock.exit_code) << rw << ": " << run.ours.err;
        const auto ours = terse_fields(run.ours.out);
        const auto stock = terse_fields(run.stock.out);
        ASSERT_GT(ours.size(), 5u) << run.ours.out;
        ASSERT_GT(stock.size(), 5u) << run.stock.out;
        EXPECT_EQ(ours[4], stock[4]) << rw;  // the error: 0, or EACCES (13) for the write
    }
}

TEST_F(JobOptionsStock, WriteHintIsToldToTheKernelAsStockTellsIt) {
    for (const std::string direct : {"0", "1"}) {
        const auto run = run_side_by_side(
            "--name=x --size=1m --filename=f --rw=write --write_hint=short --output-format=terse "
            "--direct=" + direct);
        EXPECT_EQ(run.ours.exit_code, run.stock.exit_code) << direct << ": " << run.ours.err;
        EXPECT_EQ(terse_fields(run.ours.out).at(4), terse_fields(run.stock.out).at(4)) << direct;
    }
}

TEST_F(JobOptionsStock, LockfileSharesAFileBetweenJobs) {
    for (const std::string mode : {"exclusive", "readwrite"}) {
        const auto run = run_side_by_side(
            "--output-format=terse --filename=f --size=1m --lockfile=" + mode +
            " --name=r --rw=randread --name=w --rw=randwrite");
        expect_same_exit_and_quiet(run);
        EXPECT_EQ(run.ours.exit_code, 0) << mode;
        // Every job does its whole workload.
        const auto lines = split_fields(run.ours.out, '\n');
        ASSERT_GE(lines.size(), 2u) << run.ours.out;
        EXPECT_EQ(split_fields(lines[0]).at(5), "1024") << mode;   // r's read KiB
        EXPECT_EQ(split_fields(lines[1]).at(46), "1024") << mode;  // w's write KiB
    }
}

}  // namespace
}  // namespace fio::test
