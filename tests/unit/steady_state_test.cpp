// Steady-state detection: the detector driven with made-up counters and times (exact
// samples, windows and criteria), its options, and its json and normal renderings as
// stock fio 3.33 prints them.
#include "options/core_options.hpp"
#include "run/steady_state.hpp"

#include "job_report.hpp"
#include "json_report.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace fio::core {
namespace {

using namespace std::string_literals;
using outputs::json::Json;

constexpr std::uint64_t kSecond = 1'000'000'000;
constexpr std::uint64_t kStart = 100 * kSecond;  // when the job's I/O began

SteadyStateSpec spec_of(const char* criterion, const char* duration, const char* ramp = "0") {
    JobSpec job;
    apply_option(job, {"steadystate", criterion, {}});
    apply_option(job, {"steadystate_duration", duration, {}});
    apply_option(job, {"steadystate_ramp_time", ramp, {}});
    return job.measure.steadystate;
}

// Feeds `detector` one member whose read counter grows by rates[i] I/Os (of 4 KiB) in
// second i, polling every half second as the I/O loop does. Returns the poll time at
// which it reported steady state, or 0 when it never did.
std::uint64_t feed(SteadyState& detector, LiveProgress& member,
                   const std::vector<std::uint64_t>& rates) {
    std::uint64_t ios = 0;
    for (std::size_t second = 0; second < rates.size(); ++second) {
        for (int half = 1; half <= 2; ++half) {
            ios += rates[second] / 2;
            member.ios[0].store(ios);
            member.bytes[0].store(ios * 4096);
            const std::uint64_t now = kStart + second * kSecond + half * kSecond / 2;
            if (detector.poll(now, kStart)) return now - kStart;
        }
    }
    return 0;
}

TEST(SteadyStateOptions, CriterionLimitWindowAndRamp) {
    const SteadyStateSpec ss = spec_of("bw_slope:1.5%", "30s", "10");
    EXPECT_EQ(ss.metric, SteadyStateSpec::Metric::bw);
    EXPECT_TRUE(ss.slope);
    EXPECT_DOUBLE_EQ(ss.limit, 1.5);
    EXPECT_TRUE(ss.percent);
    EXPECT_EQ(ss.duration_s, 30u);
    EXPECT_EQ(ss.ramp_ns, 10 * kSecond);

    const SteadyStateSpec fixed = spec_of("iops:1e3", "1500ms");
    EXPECT_EQ(fixed.metric, SteadyStateSpec::Metric::iops);
    EXPECT_FALSE(fixed.slope || fixed.percent);
    EXPECT_DOUBLE_EQ(fixed.limit, 1000);
    EXPECT_EQ(fixed.duration_s, 1u);  // whole seconds, as fio counts the window

    // Only a window turns detection on; the criterion then defaults to fio's.
    JobSpec job;
    apply_option(job, {"ss_dur", "5", {}});
    EXPECT_TRUE(job.measure.steadystate.slope);
    EXPECT_DOUBLE_EQ(job.measure.steadystate.limit, 0.01);
    EXPECT_EQ(SteadyStateSpec{}.duration_s, 0u);
}

TEST(SteadyStateOptions, BadCriteriaAreRefusedByName) {
    for (const char* bad : {"iops", "IOPS:5", "iops:-1", "iops:abc", "iops:5%%", "iops:", "x:1"}) {
        JobSpec job;
        EXPECT_THROW(apply_option(job, {"ss", bad, {"t.fio", 2}}), OptionError) << bad;
    }
    JobSpec job;
    try {
        apply_option(job, {"ss", "iops", {"t.fio", 2}});
    } catch (const OptionError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "t.fio:2: option 'ss': 'iops': give a limit too, as iops:LIMIT or iops:LIMIT%");
    }
}

TEST(SteadyState, SteadyIopsSettleAsSoonAsTheWindowIsFull) {
    SteadyState detector(spec_of("iops:1%", "3"));
    LiveProgress member;
    detector.add_member(member);
    EXPECT_EQ(feed(detector, member, {1000, 1000, 1000, 1000}), 3 * kSecond);
    const sdk::SteadyStateResult r = detector.result();
    EXPECT_TRUE(r.attained);
    EXPECT_EQ(r.iops, (std::vector<std::uint64_t>{1000, 1000, 1000}));
    EXPECT_EQ(r.bw, (std::vector<std::uint64_t>{4096000, 4096000, 4096000}));
    EXPECT_EQ(r.iops_mean(), 1000u);
    EXPECT_EQ(r.criterion, 0.0f);
}

TEST(SteadyState, UnsettledIopsKeepTheLatestWindowOldestFirst) {
    SteadyState detector(spec_of("iops:10%", "3"));
    LiveProgress member;
    detector.add_member(member);
    EXPECT_EQ(feed(detector, member, {1000, 2000, 1000, 4000}), 0u);
    const sdk::SteadyStateResult r = detector.result();
    EXPECT_FALSE(r.attained);
    EXPECT_EQ(r.iops, (std::vector<std::uint64_t>{2000, 1000, 4000}));
    EXPECT_EQ(r.samples_taken, 4u);
    // Mean 2333.33; the farthest sample is 4000: 1666.67 away, 71.43% of the mean.
    EXPECT_NEAR(r.max_deviation, 1666.6667, 1e-3);
    EXPECT_FLOAT_EQ(r.criterion, static_cast<float>(1666.6666666666667 / 2333.3333333333333 * 100));
}

TEST(SteadyState, SlopeAgainstPercentOfTheMean) {
    // 1000, 1100, 1200: a slope of 100 I/Os per second, 9.09% of the mean 1100.
    SteadyState settles(spec_of("iops_slope:10%", "3"));
    LiveProgress a;
    settles.add_member(a);
    EXPECT_EQ(feed(settles, a, {1000, 1100, 1200}), 3 * kSecond);
    EXPECT_DOUBLE_EQ(settles.result().slope_value, 100.0);
    EXPECT_FLOAT_EQ(settles.result().criterion, static_cast<float>(100.0 / 1100 * 100));

    SteadyState does_not(spec_of("iops_slope:9%", "3"));
    LiveProgress b;
    does_not.add_member(b);
    EXPECT_EQ(feed(does_not, b, {1000, 1100, 1200}), 0u);
}

TEST(SteadyState, BandwidthSlopeWithAFixedLimit) {
    SteadyState detector(spec_of("bw_slope:409600", "2"));  // 100 I/Os of 4 KiB a second
    LiveProgress member;
    detector.add_member(member);
    EXPECT_EQ(feed(detector, member, {1000, 1050}), 2 * kSecond);
    EXPECT_DOUBLE_EQ(detector.result().slope_value, 50.0 * 4096);
}

TEST(SteadyState, ALimitOfZeroAndASingleSampleSlopeNeverSettle) {
    SteadyState zero(spec_of("iops:0", "1"));
    LiveProgress a;
    zero.add_member(a);
    EXPECT_EQ(feed(zero, a, {1000, 1000}), 0u);  // 0 is not below 0

    SteadyState single(spec_of("iops_slope:50%", "1"));
    LiveProgress b;
    single.add_member(b);
    EXPECT_EQ(feed(single, b, {1000, 1000}), 0u);
    EXPECT_TRUE(std::isnan(single.result().slope_value));
}

TEST(SteadyState, RampDelaysTheFirstSample) {
    // ss_ramp=1: the second that ends the ramp starts the first sample.
    SteadyState detector(spec_of("iops:1%", "2", "1"));
    LiveProgress member;
    detector.add_member(member);
    EXPECT_EQ(feed(detector, member, {5000, 1000, 1000, 1000}), 3 * kSecond);
    EXPECT_EQ(detector.result().iops, (std::vector<std::uint64_t>{1000, 1000}));
}

TEST(SteadyState, PartialWindowHasZerosThatCountInTheMean) {
    SteadyState detector(spec_of("iops:1%", "4"));
    LiveProgress member;
    detector.add_member(member);
    EXPECT_EQ(feed(detector, member, {1000, 3000}), 0u);
    const sdk::SteadyStateResult r = detector.result();
    EXPECT_EQ(r.iops, (std::vector<std::uint64_t>{1000, 3000, 0, 0}));
    EXPECT_EQ(r.iops_mean(), 1000u);
    EXPECT_EQ(r.criterion, 0.0f);  // not judged before the window is full
}

TEST(SteadyState, AGroupIsJudgedOnItsMembersSum) {
    std::vector<ThreadPlan> plans(2);
    JobSpec job;
    job.group_reporting = true;
    job.measure.steadystate = spec_of("iops:1%", "2");
    plans[0].job = plans[1].job = &job;
    attach_steady_state(plans);
    ASSERT_TRUE(plans[0].steady_state);
    EXPECT_EQ(plans[0].steady_state, plans[1].steady_state);

    LiveProgress a;
    LiveProgress b;
    plans[0].steady_state->add_member(a);
    plans[0].steady_state->add_member(b);
    b.ios[1].store(0);
    for (std::uint64_t second = 1; second <= 2; ++second) {
        a.ios[0].store(second * 1000);
        b.ios[1].store(second * 3000);  // writes count too
        plans[0].steady_state->poll(kStart + second * kSecond, kStart);
    }
    EXPECT_EQ(plans[0].steady_state->result().iops, (std::vector<std::uint64_t>{4000, 4000}));
    EXPECT_TRUE(plans[1].steady_state->result().attained);

    // Without group_reporting every clone has its own; without a window, none.
    job.group_reporting = false;
    std::vector<ThreadPlan> apart(2);
    apart[0].job = apart[1].job = &job;
    attach_steady_state(apart);
    EXPECT_NE(apart[0].steady_state, apart[1].steady_state);
    job.measure.steadystate.duration_s = 0;
    std::vector<ThreadPlan> none(1);
    none[0].job = &job;
    attach_steady_state(none);
    EXPECT_FALSE(none[0].steady_state);
}

sdk::JobResult job_with_steady_state() {
    sdk::JobResult job;
    job.name = "t"s;
    job.thread_id = 7;
    job.directions[0].io_bytes = 8ull << 30;
    job.directions[0].total_ios = 2097152;
    job.directions[0].runtime_ns = 2'000'000'000;
    sdk::SteadyStateResult& ss = job.steadystate;
    ss.enabled = true;
    ss.percent = true;
    ss.limit = 10;
    ss.duration_s = 2;
    ss.attained = true;
    ss.criterion = 2.130129f;
    ss.max_deviation = 131591.0;
    ss.iops = {6309197, 6046015};
    ss.bw = {25842476771, 24764481600};
    ss.samples_taken = 2;
    return job;
}

TEST(SteadyStateOutput, JsonObjectAsStockPrintsIt) {
    const Json job = outputs::json::job_json(job_with_steady_state(), nullptr);
    EXPECT_EQ(std::prev(job.end()).key(), "steadystate");  // the job's last key
    EXPECT_EQ(outputs::json::fio_json_text(job["steadystate"]),
              "{\n"
              "  \"ss\" : \"iops:10.000000%\",\n"
              "  \"duration\" : 2,\n"
              "  \"attained\" : 1,\n"
              "  \"criterion\" : \"2.130129%\",\n"
              "  \"max_deviation\" : 131591.000000,\n"
              "  \"slope\" : 0.000000,\n"
              "  \"data\" : {\n"
              "    \"bw_mean\" : 25303479185,\n"
              "    \"iops_mean\" : 6177606,\n"
              "    \"iops\" : [\n"
              "      6309197,\n"
              "      6046015\n"
              "    ],\n"
              "    \"bw\" : [\n"
              "      25842476771,\n"
              "      24764481600\n"
              "    ]\n"
              "  }\n"
              "}");
    sdk::JobResult without = job_with_steady_state();
    without.steadystate = {};
    EXPECT_FALSE(outputs::json::job_json(without, nullptr).contains("steadystate"));
}

TEST(SteadyStateOutput, FixedLimitsHaveNoPercentSign) {
    sdk::JobResult job = job_with_steady_state();
    job.steadystate.percent = false;
    job.steadystate.bandwidth = true;
    job.steadystate.slope = true;
    job.steadystate.limit = 5000000;
    job.steadystate.criterion = -346892979.0f;
    const Json ss = outputs::json::job_json(job, nullptr)["steadystate"];
    EXPECT_EQ(ss["ss"], "bw_slope:5000000.000000");
    EXPECT_EQ(ss["criterion"], "-346892992.000000");  // a float, as fio keeps it
}

TEST(SteadyStateOutput, TextLineAfterTheResourceBlock) {
    const std::string text = outputs::normal::job_report(job_with_steady_state(), nullptr, 1024);
    const std::string line =
        "  steadystate  : attained=yes, bw=23.6GiB/s (25.3GB/s), iops=6178k, "
        "iops mean dev=2.130%\n";
    ASSERT_GE(text.size(), line.size());
    EXPECT_EQ(text.substr(text.size() - line.size()), line) << text;

    sdk::JobResult slope = job_with_steady_state();
    slope.steadystate.attained = false;
    slope.steadystate.bandwidth = true;
    slope.steadystate.slope = true;
    slope.steadystate.percent = false;
    slope.steadystate.criterion = -105975808.0f;
    EXPECT_NE(outputs::normal::job_report(slope, nullptr, 1024)
                  .find("attained=no, bw=23.6GiB/s (25.3GB/s), iops=6178k, "
                        "bw slope=-105975808.000\n"),
              std::string::npos);
}

TEST(SteadyStateOutput, MergedThreadsKeepTheLatestPicture) {
    sdk::JobResult first = job_with_steady_state();
    sdk::JobResult later = job_with_steady_state();
    later.steadystate.samples_taken = 3;
    later.steadystate.iops = {1, 2};
    first.merge(later);
    EXPECT_EQ(first.steadystate.iops, (std::vector<std::uint64_t>{1, 2}));
}

}  // namespace
}  // namespace fio::core
