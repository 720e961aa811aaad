// What is measured and reported: the gtod_reduce / disable_* / *_percentiles /
// percentile_list / significant_figures options, the I/O loop's clock, and how the json
// and normal outputs render a job that chose them (checked against stock fio 3.33).
#include "options/core_options.hpp"
#include "run/io_clock.hpp"

#include "job_report.hpp"
#include "json_report.hpp"
#include "latency_text.hpp"
#include "run_summary.hpp"

#include <gtest/gtest.h>

#include "json_keys.hpp"

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace fio::core {
namespace {

// Fields are assigned std::string literals ("t"s): GCC 12 at -O3 warns falsely
// (-Wrestrict, GCC bug 105329) about assigning a char literal to a std::string.
using namespace std::string_literals;
using outputs::json::Json;

JobSpec job_with(std::initializer_list<std::pair<const char*, const char*>> options) {
    JobSpec job;
    for (const auto& [name, value] : options) apply_option(job, {name, value, {"t.fio", 1}});
    return job;
}

std::string option_error(const char* name, const char* value) {
    try {
        job_with({{name, value}});
    } catch (const OptionError& e) {
        return e.what();
    }
    return {};
}

// ---- Options ---------------------------------------------------------------------

TEST(MeasureOptions, DefaultsMeasureEverythingAndReportClatPercentiles) {
    const MeasureSpec m{};
    EXPECT_FALSE(m.disable_slat || m.disable_clat || m.disable_lat || m.disable_bw);
    EXPECT_TRUE(m.clat_percentiles);
    EXPECT_FALSE(m.slat_percentiles || m.lat_percentiles);
    EXPECT_TRUE(m.percentile_list.empty());
    EXPECT_EQ(m.significant_figures, 4u);
}

TEST(MeasureOptions, GtodReduceTurnsOffEveryLatencyAndPercentile) {
    const MeasureSpec m =
        job_with({{"lat_percentiles", "1"}, {"slat_percentiles", "1"}, {"gtod_reduce", "1"}})
            .measure;
    EXPECT_TRUE(m.disable_slat && m.disable_clat && m.disable_lat && m.disable_bw);
    EXPECT_FALSE(m.slat_percentiles || m.clat_percentiles || m.lat_percentiles);
}

TEST(MeasureOptions, ALaterOptionMeasuresOneLatencyAgainWithoutItsPercentiles) {
    // As stock: gtod_reduce=1 then disable_clat=0 reports clat without percentiles.
    const MeasureSpec m = job_with({{"gtod_reduce", "1"}, {"disable_clat", "0"}}).measure;
    EXPECT_FALSE(m.disable_clat);
    EXPECT_TRUE(m.disable_slat && m.disable_lat);
    EXPECT_FALSE(m.clat_percentiles);
    // gtod_reduce=0 undoes nothing that was set before it.
    EXPECT_TRUE(job_with({{"disable_lat", "1"}, {"gtod_reduce", "0"}}).measure.disable_lat);
}

TEST(MeasureOptions, EachSwitchAndAlias) {
    EXPECT_TRUE(job_with({{"disable_lat", "1"}}).measure.disable_lat);
    EXPECT_TRUE(job_with({{"disable_clat", "1"}}).measure.disable_clat);
    EXPECT_TRUE(job_with({{"disable_slat", "1"}}).measure.disable_slat);
    EXPECT_TRUE(job_with({{"disable_bw", "1"}}).measure.disable_bw);
    EXPECT_TRUE(job_with({{"disable_bw_measurement", "1"}}).measure.disable_bw);
    EXPECT_FALSE(job_with({{"clat_percentiles", "0"}}).measure.clat_percentiles);
    EXPECT_EQ(job_with({{"significant_figures", "10"}}).measure.significant_figures, 10u);
}

TEST(MeasureOptions, PercentileListIsSortedAndRecordedAsGiven) {
    const JobSpec job = job_with({{"percentile_list", "99.9:50:99"}});
    EXPECT_EQ(job.measure.percentile_list, (std::vector<double>{50, 99, 99.9}));
    ASSERT_EQ(job.given.size(), 1u);
    EXPECT_EQ(job.given[0], (std::pair<std::string, std::string>{"percentile_list", "99.9:50:99"}));
}

TEST(MeasureOptions, BadValuesAreOneLineErrorsNamingTheOption) {
    EXPECT_EQ(option_error("significant_figures", "11"),
              "t.fio:1: option 'significant_figures': '11' is out of range [1, 10]");
    EXPECT_NE(option_error("percentile_list", "50:101").find(
                  "t.fio:1: option 'percentile_list': '50:101' is not a percentile list"),
              std::string::npos);
    EXPECT_NE(option_error("gtod_reduce", "maybe").find("t.fio:1: option 'gtod_reduce'"),
              std::string::npos);
}

// ---- The loop's clock --------------------------------------------------------------

TEST(IoClock, MeasuresOnlyWhatIsNotDisabled) {
    MeasureSpec m;
    EXPECT_TRUE(MeasuredLatencies(m).any());
    m.disable_slat = m.disable_clat = true;
    EXPECT_TRUE(MeasuredLatencies(m).any());  // lat still needs exact times
    m.disable_lat = true;
    EXPECT_FALSE(MeasuredLatencies(m).any());
}

TEST(IoClock, ExactClockReadsTheTimeEveryCall) {
    IoClock clock(true);
    clock.reset(sdk::monotonic_ns());
    const std::uint64_t first = clock.now();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_GE(clock.now() - first, 1'000'000u);
}

TEST(IoClock, ReducedClockSkipsMostReadsOfFastCalls) {
    IoClock clock(false);
    clock.reset(sdk::monotonic_ns());
    constexpr int kCalls = 100'000;
    int readings = 0;
    std::uint64_t last = clock.now();
    for (int i = 0; i < kCalls; ++i) {
        const std::uint64_t now = clock.now();
        ASSERT_GE(now, last);
        if (now != last) ++readings;
        last = now;
    }
    EXPECT_GT(readings, 0);
    EXPECT_LT(readings, kCalls / 16);  // a stride of up to 64 calls
}

TEST(IoClock, ReducedClockReadsEveryCallOnceCallsAreSlow) {
    IoClock clock(false);
    clock.reset(sdk::monotonic_ns());
    for (int i = 0; i < 10'000; ++i) clock.now();  // fast: the stride grows
    // Slow calls: within one stride the clock learns to read every time.
    for (int i = 0; i < 70; ++i) {
        std::this_thread::sleep_for(std::chrono::microseconds(300));
        clock.now();
    }
    for (int i = 0; i < 3; ++i) {
        std::this_thread::sleep_for(std::chrono::microseconds(300));
        const std::uint64_t before = sdk::monotonic_ns();
        EXPECT_GE(clock.now(), before);
    }
}

// ---- Outputs -----------------------------------------------------------------------

void add_samples(sdk::LatencyStats& stats, std::uint64_t value_ns, int count) {
    for (int i = 0; i < count; ++i) stats.add(value_ns);
}

// 16384 reads of 4 KiB in 9 ms. clat: 16000 x 20 ns, 300 x 30 ns, 84 x 10 us; slat
// 16384 x 1000 ns; lat = slat + clat.
sdk::JobResult read_job(const sdk::ReportSettings& reporting = {}) {
    sdk::JobResult job;
    job.name = "t"s;
    job.thread_id = 3398;
    job.job_runtime_ns = 10'000'000;
    sdk::DirectionResult& read = job.directions[0];
    read.io_bytes = 16384ull * 4096;
    read.total_ios = 16384;
    read.runtime_ns = 9'000'000;
    add_samples(read.clat, 20, 16000);
    add_samples(read.clat, 30, 300);
    add_samples(read.clat, 10'000, 84);
    add_samples(read.slat, 1000, 16384);
    add_samples(read.lat, 1020, 16000);
    add_samples(read.lat, 1030, 300);
    add_samples(read.lat, 11'000, 84);
    job.depth_levels[0] = 16384;
    job.reporting = reporting;
    return job;
}

using fio::test::keys_of;

TEST(MeasureJson, PercentileListGivesExactlyThoseKeysWithHistogramValues) {
    sdk::ReportSettings reporting;
    reporting.percentiles = {50, 99};
    const Json read = outputs::json::job_json(read_job(reporting), nullptr)["read"];
    const Json& percentile = read["clat_ns"]["percentile"];
    EXPECT_EQ(keys_of(percentile), (std::vector<std::string>{"50.000000", "99.000000"}));
    EXPECT_EQ(percentile["50.000000"], 20);  // 16000 of 16384 are 20 ns
    EXPECT_EQ(percentile["99.000000"], 30);  // 16220th sample is one of the 30 ns ones
    EXPECT_FALSE(read["slat_ns"].contains("percentile"));
    EXPECT_FALSE(read["lat_ns"].contains("percentile"));
}

TEST(MeasureJson, SlatAndLatPercentilesWhenAskedAndClatOnlyWhenWanted) {
    sdk::ReportSettings reporting;
    reporting.slat_percentiles = true;
    reporting.lat_percentiles = true;
    reporting.clat_percentiles = false;
    reporting.percentiles = {50, 99.9};
    const Json read = outputs::json::job_json(read_job(reporting), nullptr)["read"];
    EXPECT_FALSE(read["clat_ns"].contains("percentile"));
    EXPECT_EQ(read["slat_ns"]["percentile"],
              (Json{{"50.000000", 1004}, {"99.900000", 1004}}));
    // Values are the midpoints of fio's histogram buckets: 1000 -> 1004, 11000 -> 10944.
    EXPECT_EQ(read["lat_ns"]["percentile"], (Json{{"50.000000", 1020}, {"99.900000", 10944}}));
}

TEST(MeasureJson, UnmeasuredLatencyIsAllZerosWithoutPercentiles) {
    // What disable_lat leaves (no samples): stock prints the block with zeros.
    sdk::JobResult job = read_job();
    job.directions[0].lat = {};
    sdk::ReportSettings reporting;
    reporting.lat_percentiles = true;
    job.reporting = reporting;
    const Json lat = outputs::json::job_json(job, nullptr)["read"]["lat_ns"];
    EXPECT_EQ(outputs::json::fio_json_text(lat),
              "{\n  \"min\" : 0,\n  \"max\" : 0,\n  \"mean\" : 0.000000,\n"
              "  \"stddev\" : 0.000000,\n  \"N\" : 0\n}");
}

TEST(MeasureJson, SyncPercentilesFollowThePercentileList) {
    sdk::JobResult job = read_job();
    job.reporting.percentiles = {50};
    job.sync_total_ios = 2;
    add_samples(job.sync_lat, 500, 2);
    const Json sync = outputs::json::job_json(job, nullptr)["sync"];
    EXPECT_EQ(sync["lat_ns"]["percentile"], (Json{{"50.000000", 502}}));  // bucket midpoint
}

TEST(MeasureText, PercentilePrecisionShowsEveryValueAsWritten) {
    using outputs::normal::percentile_precision;
    EXPECT_EQ(percentile_precision(sdk::kDefaultPercentiles), 2);
    EXPECT_EQ(percentile_precision(std::vector<double>{50, 99}), 0);
    EXPECT_EQ(percentile_precision(std::vector<double>{25.5, 50}), 1);
    EXPECT_EQ(percentile_precision(std::vector<double>{99.99, 99.999}), 3);
    EXPECT_EQ(percentile_precision(std::vector<double>{1.5, 6.015625}), 6);
    EXPECT_EQ(percentile_precision(std::vector<double>{33.333333333333}), 12);
}

TEST(MeasureText, TablesInSlatClatLatOrderWithTheJobsList) {
    sdk::ReportSettings reporting;
    reporting.slat_percentiles = true;
    reporting.lat_percentiles = true;
    reporting.percentiles = {50, 99};
    const std::string text = outputs::normal::job_report(read_job(reporting), nullptr, 1024);
    // As stock fio 3.33 prints them (whole percentiles: no decimals).
    const std::string expected =
        "    slat percentiles (nsec):\n"
        "     |  50th=[ 1004],  99th=[ 1004]\n"
        "    clat percentiles (nsec):\n"
        "     |  50th=[   20],  99th=[   30]\n"
        "    lat percentiles (nsec):\n"
        "     |  50th=[ 1020],  99th=[ 1032]\n";
    EXPECT_NE(text.find(expected), std::string::npos) << text;
}

TEST(MeasureText, NoClatTableWhenClatPercentilesAreOff) {
    sdk::ReportSettings reporting;
    reporting.clat_percentiles = false;
    const std::string text = outputs::normal::job_report(read_job(reporting), nullptr, 1024);
    EXPECT_EQ(text.find("percentiles"), std::string::npos) << text;
    EXPECT_NE(text.find("    clat (nsec): min=20"), std::string::npos);
}

TEST(MeasureText, SignificantFiguresShapeTheDirectionAndGroupLines) {
    sdk::ReportSettings reporting;
    reporting.significant_figures = 6;
    const std::string text = outputs::normal::job_report(read_job(reporting), nullptr, 1024);
    // 16384 I/Os, 64 MiB in 9 ms, as stock prints them with significant_figures=6.
    EXPECT_NE(text.find("  read: IOPS=1820.4k, BW=7111.1MiB/s (7456.5MB/s)(65536KiB/9msec)\n"),
              std::string::npos)
        << text;

    sdk::GroupResult group;
    group.significant_figures = 2;
    sdk::GroupDirection& read = group.directions[0];
    read.io_bytes = 16384ull * 4096;
    read.agg_bw_bytes = read.min_bw_bytes = read.max_bw_bytes = 7456540444;
    read.min_runtime_ms = read.max_runtime_ms = 9;
    EXPECT_EQ(outputs::normal::group_report(group),
              "\nRun status group 0 (all jobs):\n"
              "   READ: bw=7GiB/s (7GB/s), 7GiB/s-7GiB/s (7GB/s-7GB/s), io=64MiB (67MB), "
              "run=9-9msec\n");
}

}  // namespace
}  // namespace fio::core
