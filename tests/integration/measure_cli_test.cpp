// End-to-end: the options that choose what is measured and reported, run through the
// built binary and checked against the JSON and text shapes stock fio 3.33 prints.
#include "run_command.hpp"

#include <gtest/gtest.h>

#include "json_keys.hpp"
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace fio::test {
namespace {

// Ordered, so that key order can be compared with stock's.
using json = nlohmann::ordered_json;

// 16384 reads of 4 KiB on the null engine, plus `options`; the job's JSON.
json null_job(const std::string& options) {
    const auto r = run_fio("--name=t --ioengine=null --size=64m --rw=randread " + options +
                               " --output-format=json",
                           60);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(json::accept(r.out)) << r.out;
    return json::accept(r.out) ? json::parse(r.out)["jobs"][0] : json::object();
}

bool all_zero(const json& object) {
    for (const auto& item : object.items()) {
        if (item.value() != 0) return false;
    }
    return true;
}

const json kZeroLatency = {{"min", 0}, {"max", 0}, {"mean", 0.0}, {"stddev", 0.0}, {"N", 0}};

TEST(MeasureCli, GtodReduceReportsNoLatencyButEveryIo) {
    const json job = null_job("--gtod_reduce=1");
    const json& read = job["read"];
    EXPECT_EQ(read["total_ios"], 16384);
    EXPECT_EQ(read["io_bytes"], 67108864);
    EXPECT_GT(read["runtime"].get<int>(), 0);
    EXPECT_EQ(read["slat_ns"], kZeroLatency);
    EXPECT_EQ(read["clat_ns"], kZeroLatency);  // no "percentile" either
    EXPECT_EQ(read["lat_ns"], kZeroLatency);
    EXPECT_TRUE(all_zero(job["latency_ns"]));
    EXPECT_TRUE(all_zero(job["latency_us"]));
    EXPECT_TRUE(all_zero(job["latency_ms"]));
    EXPECT_EQ(job["job options"]["gtod_reduce"], "1");
}

TEST(MeasureCli, GtodReduceStillEndsATimeBasedJobOnTime) {
    const auto r = run_fio("--name=t --ioengine=null --size=64m --rw=randread --gtod_reduce=1 "
                           "--time_based --runtime=600ms --output-format=json",
                           30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json read = json::parse(r.out)["jobs"][0]["read"];
    // The clock is read only now and then, yet the job stops on time: within about
    // 200 us when the machine is idle. The bound leaves room for a thread descheduled
    // on a busy CI machine; a job that missed its deadline would run on until killed.
    EXPECT_GE(read["runtime"].get<int>(), 600);
    EXPECT_LT(read["runtime"].get<int>(), 1000);
    EXPECT_EQ(read["bw_samples"], 1);  // one 500 ms window, as with exact time stamps
}

TEST(MeasureCli, EachDisabledLatencyIsZeroAndTheOthersAreMeasured) {
    // iodepth=4 makes the null engine asynchronous, so it has submission latencies.
    const json no_lat = null_job("--iodepth=4 --disable_lat=1")["read"];
    EXPECT_EQ(no_lat["lat_ns"], kZeroLatency);
    EXPECT_EQ(no_lat["clat_ns"]["N"], 16384);
    EXPECT_EQ(no_lat["slat_ns"]["N"], 16384);

    const json no_clat_job = null_job("--iodepth=4 --disable_clat=1");
    EXPECT_EQ(no_clat_job["read"]["clat_ns"], kZeroLatency);
    EXPECT_EQ(no_clat_job["read"]["lat_ns"]["N"], 16384);
    // The lat (nsec/usec/msec) distribution is of completion latency: empty too.
    EXPECT_TRUE(all_zero(no_clat_job["latency_ns"]));
    EXPECT_TRUE(all_zero(no_clat_job["latency_us"]));

    const json no_slat = null_job("--iodepth=4 --disable_slat=1")["read"];
    EXPECT_EQ(no_slat["slat_ns"], kZeroLatency);
    EXPECT_EQ(no_slat["clat_ns"]["N"], 16384);
    EXPECT_EQ(no_slat["lat_ns"]["N"], 16384);
}

TEST(MeasureCli, DisableBwIsAcceptedAndSamplesAreStillReportedAsStockDoes) {
    const json read = null_job("--disable_bw=1 --time_based --runtime=600ms")["read"];
    EXPECT_EQ(read["bw_samples"], 1);
    EXPECT_EQ(read["iops_samples"], 1);
}


TEST(MeasureCli, PercentileListAndWhichLatenciesGetPercentiles) {
    const json read =
        null_job("--iodepth=4 --percentile_list=99:50 --slat_percentiles=1 --lat_percentiles=1 "
                 "--clat_percentiles=0")["read"];
    const std::vector<std::string> wanted = {"50.000000", "99.000000"};
    EXPECT_EQ(keys_of(read["slat_ns"]["percentile"]), wanted);
    EXPECT_EQ(keys_of(read["lat_ns"]["percentile"]), wanted);
    EXPECT_FALSE(read["clat_ns"].contains("percentile"));
    EXPECT_LE(read["lat_ns"]["percentile"]["50.000000"].get<std::uint64_t>(),
              read["lat_ns"]["percentile"]["99.000000"].get<std::uint64_t>());
}

TEST(MeasureCli, TextReportShowsTheChosenTablesAndFigures) {
    const auto r = run_fio("--name=t --ioengine=null --size=64m --rw=randread "
                           "--percentile_list=25.5:50 --lat_percentiles=1 "
                           "--significant_figures=8",
                           60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("    clat percentiles (nsec):\n     | 25.5th=["), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("    lat percentiles ("), std::string::npos) << r.out;
    // Eight figures: 64 MiB is shown whole in bytes, as stock does.
    EXPECT_NE(r.out.find("(67108864B/"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("io=67108864B (67108864B)"), std::string::npos) << r.out;
}

TEST(MeasureCli, GtodReduceTextHasNoLatencyLines) {
    const auto r = run_fio("--name=t --ioengine=null --size=64m --rw=randread --gtod_reduce=1", 60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("  read: IOPS="), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("lat ("), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("percentiles"), std::string::npos) << r.out;
}

TEST(MeasureCli, OutOfRangeValuesAreRefusedByName) {
    const auto figures = run_fio("--name=t --ioengine=null --size=1m --significant_figures=11");
    EXPECT_NE(figures.exit_code, 0);
    EXPECT_NE(figures.err.find("significant_figures"), std::string::npos) << figures.err;
    const auto list = run_fio("--name=t --ioengine=null --size=1m --percentile_list=50:101");
    EXPECT_NE(list.exit_code, 0);
    EXPECT_NE(list.err.find("percentile_list"), std::string::npos) << list.err;
}

json time_based_null(const std::string& options) {
    const auto r = run_fio("--ioengine=null --size=1g --rw=read --time_based " + options +
                               " --output-format=json",
                           60);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(json::accept(r.out)) << r.out;
    return json::accept(r.out) ? json::parse(r.out)["jobs"] : json::array();
}

TEST(SteadyStateCli, AGenerousCriterionEndsTheJobBeforeItsRuntime) {
    const json jobs = time_based_null("--name=t --runtime=6 --ss=iops:1000% --ss_dur=1");
    ASSERT_EQ(jobs.size(), 1u);
    const json& ss = jobs[0]["steadystate"];
    EXPECT_EQ(ss["attained"], 1);
    EXPECT_EQ(ss["ss"], "iops:1000.000000%");
    EXPECT_EQ(ss["duration"], 1);
    EXPECT_EQ(ss["data"]["iops"].size(), 1u);
    EXPECT_GT(ss["data"]["iops"][0].get<std::uint64_t>(), 0u);
    // Settled after its first one-second sample, well before the 6 s runtime.
    EXPECT_GE(jobs[0]["read"]["runtime"].get<int>(), 1000);
    EXPECT_LT(jobs[0]["read"]["runtime"].get<int>(), 3000);
    EXPECT_EQ(keys_of(ss), (std::vector<std::string>{"ss", "duration", "attained", "criterion",
                                              "max_deviation", "slope", "data"}));
}

TEST(SteadyStateCli, ACriterionThatCannotHoldRunsToTheRuntime) {
    const json jobs = time_based_null("--name=t --runtime=1500ms --ss=iops:0 --ss_dur=1");
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(jobs[0]["steadystate"]["attained"], 0);
    EXPECT_GE(jobs[0]["read"]["runtime"].get<int>(), 1500);
}

TEST(SteadyStateCli, AGroupSettlesTogetherAndReportsOnce) {
    const json jobs = time_based_null(
        "--name=g --numjobs=2 --group_reporting --runtime=6 --ss=bw:1000% --ss_dur=1");
    ASSERT_EQ(jobs.size(), 1u);
    EXPECT_EQ(jobs[0]["steadystate"]["attained"], 1);
    EXPECT_LT(jobs[0]["read"]["runtime"].get<int>(), 3000);
}

TEST(SteadyStateCli, NoWindowNoReportAndTheTextLine) {
    EXPECT_FALSE(time_based_null("--name=t --runtime=100ms --ss=iops:5%")[0].contains(
        "steadystate"));
    const auto r = run_fio("--name=t --ioengine=null --size=1g --time_based --runtime=4 "
                           "--ss=iops_slope:1000% --ss_dur=2",
                           60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("  steadystate  : attained=yes, bw="), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(", iops slope="), std::string::npos) << r.out;
}

}  // namespace
}  // namespace fio::test
