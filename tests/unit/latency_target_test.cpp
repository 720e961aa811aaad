// latency_target's queue-depth search driven with made-up latencies and times: every
// step of stock fio 3.33's arithmetic (doubling, bisecting, the final window, the late
// I/O at depth 1) with exact depths; and the options that configure it.
#include "options/core_options.hpp"
#include "run/latency_target.hpp"

#include <gtest/gtest.h>

namespace fio::core {
namespace {

using Step = LatencyTarget::Step;

LatencySpec spec(double percentile, bool keep_adjusting = false) {
    LatencySpec s;
    s.target_ns = 1000;
    s.window_ns = 100;
    s.percentile = percentile;
    s.keep_adjusting = keep_adjusting;
    return s;
}

// `n` completions, `late` of them over the target (the rest under it).
Step complete(LatencyTarget& t, int n, int late = 0) {
    Step last = Step::none;
    for (int i = 0; i < n; ++i) {
        const Step step = t.completed(i < late ? 2000 : 500);
        if (step != Step::none) last = step;
    }
    return last;
}

TEST(LatencyTarget, WithoutATargetTheDepthIsIodepth) {
    LatencyTarget t(LatencySpec{}, 16);
    EXPECT_FALSE(t.active());
    EXPECT_EQ(t.depth(), 16u);
}

TEST(LatencyTarget, DoublesThenBisectsThenRunsAFinalWindow) {
    LatencyTarget t(spec(100), 128);
    t.start(0);
    EXPECT_EQ(t.depth(), 1u);
    complete(t, 5);
    EXPECT_EQ(t.check(99), Step::none);  // the window is not over
    EXPECT_EQ(t.check(100), Step::deeper);
    EXPECT_EQ(t.depth(), 2u);
    complete(t, 5);
    EXPECT_EQ(t.check(200), Step::deeper);
    EXPECT_EQ(t.depth(), 4u);
    complete(t, 5);
    EXPECT_EQ(t.check(300), Step::deeper);
    EXPECT_EQ(t.depth(), 8u);
    // One late I/O with latency_percentile=100 misses at once: halfway back to 4.
    EXPECT_EQ(complete(t, 3, 1), Step::shallower);
    EXPECT_EQ(t.depth(), 6u);
    EXPECT_EQ(t.low(), 4u);
    EXPECT_EQ(t.high(), 8u);
    t.new_window(350);
    complete(t, 5);
    EXPECT_EQ(t.check(449), Step::none);
    EXPECT_EQ(t.check(450), Step::deeper);  // bisects towards 8 now
    EXPECT_EQ(t.depth(), 7u);
    complete(t, 5);
    EXPECT_EQ(t.check(550), Step::final_run);  // (7 + 8) / 2 = 7: found
    EXPECT_EQ(t.depth(), 7u);
    EXPECT_TRUE(t.final_window());
    t.new_window(560);
    complete(t, 5);
    EXPECT_EQ(t.check(659), Step::none);
    EXPECT_EQ(t.check(660), Step::done);
    EXPECT_EQ(t.depth(), 7u);
}

TEST(LatencyTarget, LatencyRunKeepsGoingAfterTheFinalWindow) {
    LatencyTarget t(spec(100, true), 2);
    t.start(0);
    complete(t, 5);
    EXPECT_EQ(t.check(100), Step::deeper);
    complete(t, 5);
    EXPECT_EQ(t.check(200), Step::final_run);  // 2 * 2 capped at iodepth 2
    t.new_window(200);
    complete(t, 5);
    EXPECT_EQ(t.check(300), Step::none);       // would be done without latency_run
    complete(t, 2, 1);                          // a late I/O still steps down
    EXPECT_EQ(t.depth(), 1u);
    EXPECT_EQ(t.low(), 1u);
    EXPECT_EQ(t.high(), 2u);
}

TEST(LatencyTarget, PercentileJudgesTheWindowAsAWhole) {
    LatencyTarget t(spec(90), 4);
    t.start(0);
    EXPECT_EQ(complete(t, 10, 1), Step::none);  // late I/Os only counted
    EXPECT_EQ(t.check(100), Step::deeper);      // 90% met >= 90%
    EXPECT_EQ(t.depth(), 2u);
    complete(t, 10, 2);
    EXPECT_EQ(t.check(210), Step::shallower);   // 80% < 90%: back to 1
    EXPECT_EQ(t.depth(), 1u);
    t.new_window(210);
    complete(t, 10);
    EXPECT_EQ(t.check(310), Step::final_run);   // (1 + 2) / 2 = 1: found
    t.new_window(310);
    complete(t, 10);
    EXPECT_EQ(t.check(410), Step::done);
    EXPECT_EQ(t.depth(), 1u);
}

TEST(LatencyTarget, ALateIoAtDepthOneIsFatalWhenEveryIoMustMeetTheTarget) {
    LatencyTarget t(spec(100), 8);
    t.start(0);
    EXPECT_EQ(t.completed(1000), Step::none);   // exactly the target meets it
    EXPECT_EQ(t.completed(1001), Step::fatal);
}

TEST(LatencyTarget, AMissedWindowAtDepthOneStaysOpen) {
    LatencyTarget t(spec(50), 8);
    t.start(0);
    complete(t, 10, 6);                         // 40% met
    EXPECT_EQ(t.check(100), Step::none);
    EXPECT_EQ(t.depth(), 1u);
    complete(t, 10);                            // now 14 of 20: 70%
    EXPECT_EQ(t.check(101), Step::deeper);
    EXPECT_EQ(t.depth(), 2u);
}

TEST(LatencyTarget, AnEmptyWindowCountsAsMissed) {
    LatencyTarget t(spec(100), 8);
    t.start(0);
    complete(t, 1);
    EXPECT_EQ(t.check(100), Step::deeper);
    EXPECT_EQ(t.check(200), Step::shallower);   // nothing completed at depth 2
    EXPECT_EQ(t.depth(), 1u);
}

TEST(LatencyTarget, RepeatedMissesWalkDownBelowTheLastDepthThatMet) {
    LatencyTarget t(spec(100), 8);
    t.start(0);
    std::uint64_t now = 0;
    for (int i = 0; i < 3; ++i) {
        complete(t, 1);
        now += 100;
        EXPECT_EQ(t.check(now), Step::deeper);
    }
    EXPECT_EQ(t.depth(), 8u);
    const std::uint32_t expected[][3] = {{6, 4, 8}, {5, 4, 6}, {4, 4, 5}, {3, 3, 4}};
    for (const auto& [depth, low, high] : expected) {
        EXPECT_EQ(complete(t, 1, 1), Step::shallower);
        EXPECT_EQ(t.depth(), depth);
        EXPECT_EQ(t.low(), low);
        EXPECT_EQ(t.high(), high);
    }
}

TEST(LatencyOptions, FillTheLatencySpec) {
    JobSpec job;
    apply_option(job, {"latency_target", "500", {}});
    apply_option(job, {"latency_window", "2s", {}});
    apply_option(job, {"latency_percentile", "99.9", {}});
    apply_option(job, {"latency_run", "1", {}});
    apply_option(job, {"max_latency", "10ms,20", {}});
    EXPECT_EQ(job.latency.target_ns, 500'000u);   // microseconds by default
    EXPECT_EQ(job.latency.window_ns, 2'000'000'000u);
    EXPECT_DOUBLE_EQ(job.latency.percentile, 99.9);
    EXPECT_TRUE(job.latency.keep_adjusting);
    EXPECT_EQ(job.latency.max_ns[0], 10'000'000u);
    EXPECT_EQ(job.latency.max_ns[1], 20'000u);
    EXPECT_EQ(job.latency.max_ns[2], 20'000u);  // as bs=: trim takes the write value
}

TEST(LatencyOptions, OneMaxLatencyCoversEveryDirection) {
    JobSpec job;
    apply_option(job, {"max_latency", "1s", {}});
    for (int dir = 0; dir < 3; ++dir) EXPECT_EQ(job.latency.max_ns[dir], 1'000'000'000u);
}

TEST(LatencyOptions, PercentileAbove100IsRefused) {
    JobSpec job;
    EXPECT_THROW(apply_option(job, {"latency_percentile", "100.5", {}}), std::exception);
}

}  // namespace
}  // namespace fio::core
