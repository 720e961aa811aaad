// Per-job log files: names, line formats and what JobLogs writes for fixed inputs.
// Expected text was taken from stock fio 3.33 runs with the same options (HOWTO "Log
// File Formats"); only the numbers are made up here.
#include "jobs/job_spec.hpp"
#include "logs/job_logs.hpp"
#include "logs/log_format.hpp"
#include "logs/record_buffer.hpp"
#include "options/core_options.hpp"

#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <linux/ioprio.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fio::core {
namespace {

using fio::test::ScratchDir;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

constexpr std::uint64_t kMs = 1'000'000;

std::string line_of(const LogLine& line, LineStyle style) {
    fmt::memory_buffer out;
    append_log_line(out, line, style);
    return fmt::to_string(out);
}

TEST(LogFormat, FileNamesCarryTheThreadNumberOnlyWithPerJobLogs) {
    EXPECT_EQ(log_file_name("p", LogKind::bw, 1, true), "p_bw.1.log");
    EXPECT_EQ(log_file_name("p", LogKind::lat, 3, true), "p_lat.3.log");
    EXPECT_EQ(log_file_name("p", LogKind::clat, 3, true), "p_clat.3.log");
    EXPECT_EQ(log_file_name("p", LogKind::slat, 3, true), "p_slat.3.log");
    EXPECT_EQ(log_file_name("/d/p", LogKind::iops, 12, true), "/d/p_iops.12.log");
    EXPECT_EQ(log_file_name("p", LogKind::clat_hist, 2, true), "p_clat_hist.2.log");
    EXPECT_EQ(log_file_name("p", LogKind::bw, 7, false), "p_bw.log");
    EXPECT_EQ(log_file_name("p", LogKind::clat_hist, 7, false), "p_clat_hist.log");
}

TEST(LogFormat, PlainLineHasFiveColumnsAndARealTimeFlag) {
    const LineStyle plain{};
    EXPECT_EQ(line_of({12, 8021, 0, 4096, 8192, 0}, plain), "12, 8021, 0, 4096, 0\n");
    EXPECT_EQ(line_of({0, 1, 1, 512, 0, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 3)}, plain),
              "0, 1, 1, 512, 0\n");
    EXPECT_EQ(line_of({5, 7, 1, 512, 0, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_RT, 3)}, plain),
              "5, 7, 1, 512, 1\n");
}

TEST(LogFormat, OffsetAndFullPriorityColumns) {
    const LogLine line{1795637257051, 9944, 1, 4096, 12288, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 3)};
    EXPECT_EQ(line_of(line, {true, false}), "1795637257051, 9944, 1, 4096, 12288, 0\n");
    EXPECT_EQ(line_of(line, {false, true}), "1795637257051, 9944, 1, 4096, 0x4003\n");
    EXPECT_EQ(line_of(line, {true, true}), "1795637257051, 9944, 1, 4096, 12288, 0x4003\n");
    EXPECT_EQ(line_of({0, 0, 2, 0, 0, 0}, {true, true}), "0, 0, 2, 0, 0, 0x0000\n");
}

TEST(LogFormat, HistogramLineHas1856CountsOrFewerWhenCoarse) {
    std::vector<std::uint64_t> counts(sdk::kHistogramBuckets, 0);
    counts[20] = 5;
    counts[21] = 2;
    counts[1855] = 1;
    fmt::memory_buffer out;
    append_histogram_line(out, 101, 1, 4096, counts, 0);
    std::string text = fmt::to_string(out);
    EXPECT_TRUE(text.starts_with("101, 1, 4096, 0, 0, ")) << text.substr(0, 40);
    EXPECT_TRUE(text.ends_with(", 0, 1\n"));
    EXPECT_EQ(std::count(text.begin(), text.end(), ','), 3 + 1856 - 1);

    out.clear();
    append_histogram_line(out, 7, 0, 512, counts, 3);  // 8 buckets a column: 232 columns
    text = fmt::to_string(out);
    EXPECT_EQ(std::count(text.begin(), text.end(), ','), 3 + 232 - 1);
    // Buckets 16..23 are column 2: 5 + 2.
    EXPECT_TRUE(text.starts_with("7, 0, 512, 0, 0, 7, 0, ")) << text.substr(0, 40);
    EXPECT_TRUE(text.ends_with(", 0, 1\n"));
}

TEST(RecordBuffer, KeepsEveryRecordInOrderAcrossChunks) {
    RecordBuffer<std::uint64_t> buffer(4);
    for (std::uint64_t i = 0; i < 1000; ++i) buffer.push(i);
    EXPECT_EQ(buffer.size(), 1000u);
    std::uint64_t expected = 0;
    bool in_order = true;
    buffer.for_each([&](std::uint64_t v) { in_order &= v == expected++; });
    EXPECT_TRUE(in_order);
    EXPECT_EQ(expected, 1000u);

    buffer.clear();
    EXPECT_EQ(buffer.size(), 0u);
    buffer.reserve_ahead(5000);
    for (std::uint64_t i = 0; i < 3000; ++i) buffer.push(i * 2);
    EXPECT_EQ(buffer.size(), 3000u);
    std::uint64_t sum = 0;
    buffer.for_each([&](std::uint64_t v) { sum += v; });
    EXPECT_EQ(sum, 2999u * 3000u);
}

// JobLogs fed with I/Os at made-up times; the files it writes are compared whole.
class JobLogsTest : public ::testing::Test {
protected:
    static constexpr std::uint64_t kEpoch = 1'000'000'000'000;

    LogSpec spec_with(const std::string& prefix) {
        LogSpec spec;
        spec.lat = {true, prefix};
        spec.bw = {true, prefix};
        spec.iops = {true, prefix};
        return spec;
    }

    static sdk::IoUnit unit(sdk::IoDirection dir, std::uint64_t offset, std::uint32_t length,
                            std::uint64_t start_ns, std::uint64_t issue_ns) {
        sdk::IoUnit u;
        u.direction = dir;
        u.offset = offset;
        u.length = length;
        u.start_ns = start_ns;
        u.issue_ns = issue_ns;
        return u;
    }

    std::string file(const std::string& name) { return read_file(dir_ / name); }

    ScratchDir dir_;
    sdk::LatencyHistogram histogram_;
};

TEST_F(JobLogsTest, PerIoLogsHaveALineForEveryIo) {
    const std::string prefix = dir_ / "p";
    JobLogs logs(spec_with(prefix), "job", 2);
    logs.open_files();
    logs.start(kEpoch);
    // A read issued at 1 ms that took 4000 ns, and a write completing at 2.5 ms.
    const auto read = unit(sdk::IoDirection::read, 8192, 4096, kEpoch + kMs, kEpoch + kMs + 100);
    logs.on_submit(read);
    logs.on_complete(read, 4096, kEpoch + kMs + 4100, histogram_);
    const auto write = unit(sdk::IoDirection::write, 0, 512, kEpoch + 2 * kMs, kEpoch + 2 * kMs);
    logs.on_complete(write, 512, kEpoch + 2 * kMs + kMs / 2, histogram_);
    EXPECT_EQ(logs.finish(kEpoch + 3 * kMs), "");

    EXPECT_EQ(file("p_lat.2.log"), "1, 4100, 0, 4096, 0\n2, 500000, 1, 512, 0\n");
    EXPECT_EQ(file("p_clat.2.log"), "1, 4000, 0, 4096, 0\n2, 500000, 1, 512, 0\n");
    EXPECT_EQ(file("p_slat.2.log"), "1, 100, 0, 4096, 0\n");  // only what was submitted
    // bw: bytes * 10^6 / clat ns
    EXPECT_EQ(file("p_bw.2.log"), "1, 1024000, 0, 4096, 0\n2, 1024, 1, 512, 0\n");
    EXPECT_EQ(file("p_iops.2.log"), "1, 1, 0, 4096, 0\n2, 1, 1, 512, 0\n");
}

TEST_F(JobLogsTest, RestartForgetsTheRampAndCountsTimeFromItsEnd) {
    LogSpec spec;
    spec.lat = {true, dir_ / "r"};
    spec.offset = true;
    spec.prio = true;
    JobLogs logs(spec, "job", 1);
    logs.open_files();
    logs.start(kEpoch);
    auto io = unit(sdk::IoDirection::read, 4096, 4096, kEpoch, kEpoch);
    logs.on_complete(io, 4096, kEpoch + 1000, histogram_);
    logs.start(kEpoch + 50 * kMs);  // ramp_time ended
    io = unit(sdk::IoDirection::write, 12288, 4096, kEpoch + 60 * kMs, kEpoch + 60 * kMs);
    io.ioprio = IOPRIO_PRIO_VALUE(IOPRIO_CLASS_IDLE, 0);
    logs.on_complete(io, 4096, kEpoch + 60 * kMs + 700, histogram_);
    EXPECT_EQ(logs.finish(kEpoch + 70 * kMs), "");
    EXPECT_EQ(file("r_lat.1.log"), "10, 700, 1, 4096, 12288, 0x6000\n");
}

TEST_F(JobLogsTest, WindowsAverageEachDirectionAndCloseOnTheIoThatEndsThem) {
    LogSpec spec;
    spec.lat = {true, dir_ / "w"};
    spec.avg_msec = 100;
    JobLogs logs(spec, "job", 1);
    logs.open_files();
    logs.start(kEpoch);
    const auto complete = [&](sdk::IoDirection dir, std::uint64_t at_ms, std::uint64_t lat_ns) {
        const std::uint64_t done = kEpoch + at_ms * kMs;
        // Issued 1 ns after it started: clat is lat - 1.
        logs.on_complete(unit(dir, 0, 4096, done - lat_ns, done - lat_ns + 1), 4096, done,
                         histogram_);
    };
    complete(sdk::IoDirection::read, 10, 100);
    complete(sdk::IoDirection::read, 50, 300);
    complete(sdk::IoDirection::write, 60, 1000);
    complete(sdk::IoDirection::read, 120, 51);   // closes the read window: (100+300+51)/3
    complete(sdk::IoDirection::read, 180, 10);
    EXPECT_EQ(logs.finish(kEpoch + 250 * kMs), "");  // the rest, stamped with the end
    EXPECT_EQ(file("w_lat.1.log"), "120, 150, 0, 0, 0\n250, 10, 0, 0, 0\n250, 1000, 1, 0, 0\n");
    EXPECT_EQ(file("w_clat.1.log"), "120, 149, 0, 0, 0\n250, 9, 0, 0, 0\n250, 999, 1, 0, 0\n");
    EXPECT_EQ(file("w_slat.1.log"), "");
}

TEST_F(JobLogsTest, MaxValueLogsTheLargestSampleOfAWindow) {
    LogSpec spec;
    spec.lat = {true, dir_ / "m"};
    spec.avg_msec = 100;
    spec.max_value = true;
    JobLogs logs(spec, "job", 1);
    logs.open_files();
    logs.start(kEpoch);
    for (std::uint64_t at_ms : {10, 20, 105}) {
        const std::uint64_t done = kEpoch + at_ms * kMs;
        logs.on_complete(unit(sdk::IoDirection::read, 0, 4096, done - at_ms, done), 4096, done,
                         histogram_);
    }
    EXPECT_EQ(logs.finish(kEpoch + 150 * kMs), "");
    EXPECT_EQ(file("m_lat.1.log"), "105, 105, 0, 0, 0\n");
}

TEST_F(JobLogsTest, RatesAreSampledIntoWindowsWithoutBlockSize) {
    LogSpec spec;
    spec.bw = {true, dir_ / "b"};
    spec.iops = {true, dir_ / "b"};
    spec.avg_msec = 100;
    JobLogs logs(spec, "job", 1);
    logs.open_files();
    logs.start(kEpoch);
    // 100 reads of 4 KiB in the first 100 ms; the one at 100 ms triggers the sample.
    for (std::uint64_t i = 1; i <= 100; ++i) {
        const std::uint64_t done = kEpoch + i * kMs;
        logs.on_complete(unit(sdk::IoDirection::read, 0, 4096, done, done), 4096, done, histogram_);
    }
    EXPECT_EQ(logs.finish(kEpoch + 150 * kMs), "");
    EXPECT_EQ(file("b_bw.1.log"), "100, 4000, 0, 0, 0\n");   // 400 KiB in 0.1 s, in KiB/s
    EXPECT_EQ(file("b_iops.1.log"), "100, 1000, 0, 0, 0\n");
}

TEST_F(JobLogsTest, HistogramLinesHoldTheCountsOfTheirInterval) {
    LogSpec spec;
    spec.hist = {true, dir_ / "h"};
    spec.hist_msec = 100;
    spec.hist_coarseness = 6;  // 29 columns of 64 buckets
    JobLogs logs(spec, "job", 1);
    logs.open_files();
    logs.start(kEpoch);
    const auto complete = [&](std::uint64_t at_ms, std::uint64_t clat) {
        const std::uint64_t done = kEpoch + at_ms * kMs;
        histogram_.add(clat);
        logs.on_complete(unit(sdk::IoDirection::read, 0, 8192, done, done - clat), 8192, done,
                         histogram_);
    };
    complete(10, 5);       // bucket 5: column 0
    complete(101, 100);    // bucket 100: column 1; ends the first interval
    complete(150, 5);
    complete(201, 5);      // ends the second
    complete(250, 5);      // never logged: the job ends inside its interval
    EXPECT_EQ(logs.finish(kEpoch + 260 * kMs), "");
    std::string zeros;
    for (int i = 0; i < 27; ++i) zeros += ", 0";
    EXPECT_EQ(file("h_clat_hist.1.log"),
              "101, 0, 8192, 1, 1" + zeros + "\n201, 0, 8192, 2, 0" + zeros + "\n");
}

TEST_F(JobLogsTest, WithoutPerJobLogsFilesAreSharedAndAppended) {
    LogSpec spec;
    spec.iops = {true, dir_ / "s"};
    spec.per_job = false;
    for (std::uint32_t thread = 1; thread <= 2; ++thread) {
        JobLogs logs(spec, "job", thread);
        logs.open_files();
        logs.start(kEpoch);
        logs.on_complete(unit(sdk::IoDirection::write, 0, 4096, kEpoch, kEpoch), 4096, kEpoch + 5,
                         histogram_);
        EXPECT_EQ(logs.finish(kEpoch + kMs), "");
    }
    EXPECT_EQ(file("s_iops.log"), "0, 1, 1, 4096, 0\n0, 1, 1, 4096, 0\n");
}

TEST_F(JobLogsTest, AFileThatCannotBeCreatedIsNamed) {
    LogSpec spec;
    spec.bw = {true, dir_ / "missing/p"};
    JobLogs logs(spec, "job", 1);
    try {
        logs.open_files();
        FAIL() << "opened a file in a missing directory";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("missing/p_bw.1.log: No such file or directory"),
                  std::string::npos)
            << e.what();
    }
}

TEST(LogOptions, BareLogOptionsNameFilesAfterTheJob) {
    JobSpec job;
    apply_option(job, {"write_bw_log", "", {}});
    apply_option(job, {"write_lat_log", "lat", {}});
    EXPECT_TRUE(job.logs.bw.enabled);
    EXPECT_EQ(job.logs.bw.prefix, "");
    EXPECT_EQ(job.logs.lat.prefix, "lat");
    EXPECT_FALSE(job.logs.iops.enabled);
    apply_option(job, {"log_avg_msec", "250", {}});
    EXPECT_EQ(job.logs.avg_msec, 250u);
    apply_option(job, {"log_avg_msec", "2s", {}});
    EXPECT_EQ(job.logs.avg_msec, 2000u);
    apply_option(job, {"per_job_logs", "0", {}});
    EXPECT_FALSE(job.logs.per_job);
}

TEST(LogOptions, ValuesStockCannotMeanAreRefusedByName) {
    JobSpec job;
    const auto error_of = [&](const char* name, const char* value) {
        try {
            apply_option(job, {name, value, {}});
        } catch (const OptionError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(error_of("log_avg_msec", "1500us").find("whole number of milliseconds"),
              std::string::npos);
    EXPECT_NE(error_of("log_hist_coarseness", "7").find("out of range"), std::string::npos);
    EXPECT_NE(error_of("log_entries", "10").find("out of range"), std::string::npos);
    EXPECT_NE(error_of("log_alternate_epoch_clock_id", "999").find("not a clock"),
              std::string::npos);
    EXPECT_NE(error_of("log_compression", "512").find("out of range"), std::string::npos);
    EXPECT_NE(error_of("log_compression_cpus", "99999").find("99999"), std::string::npos);
    EXPECT_TRUE(job.warnings.empty());
}

}  // namespace
}  // namespace fio::core
