// The TSC clock of the I/O loop (run/tsc_clock.hpp): it starts at CLOCK_MONOTONIC's
// reading, never runs backwards or steps, and steering keeps it with CLOCK_MONOTONIC
// even when its rate starts out wrong. And which jobs get it (clocksource=).
#include "options/core_options.hpp"
#include "run/io_clock.hpp"
#include "run/tsc_clock.hpp"

#include <fstream>
#include <sstream>

#include <fio/sdk/clock.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <cstdint>
#include <cstdlib>
#include <thread>

namespace fio::core {
namespace {

std::uint64_t calibrated_rate_or_zero() {
    const auto rate = tsc_ns_per_tick_q32();
    return rate ? *rate : 0;
}

// |clock - CLOCK_MONOTONIC| in ns, read back to back; the least of a few tries, so
// that a preemption between the two reads does not count.
std::int64_t offset_from_monotonic(TscClock& clock) {
    std::int64_t least = std::numeric_limits<std::int64_t>::max();
    for (int attempt = 0; attempt < 5; ++attempt) {
        const std::uint64_t mono = sdk::monotonic_ns();
        const auto offset = static_cast<std::int64_t>(clock.now() - mono);
        least = std::min(least, offset < 0 ? -offset : offset);
    }
    return least;
}

// Runs `seconds` of calls to now() (checking each is not below the last), steering
// every `steer_every`; returns the largest offset from CLOCK_MONOTONIC seen in the
// last quarter of the run.
std::int64_t run_steered(TscClock& clock, double seconds, std::chrono::milliseconds steer_every) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    const auto settled = std::chrono::steady_clock::now() +
                         std::chrono::duration<double>(seconds * 0.75);
    auto next_steer = std::chrono::steady_clock::now() + steer_every;
    std::uint64_t last = clock.now();
    std::int64_t worst = 0;
    while (std::chrono::steady_clock::now() < end) {
        for (int i = 0; i < 1000; ++i) {
            const std::uint64_t now = clock.now();
            EXPECT_GE(now, last);
            last = now;
        }
        if (std::chrono::steady_clock::now() >= next_steer) {
            const std::uint64_t before = clock.now();
            const std::uint64_t steered = clock.steer();
            EXPECT_GE(steered, before) << "steering stepped the clock back";
            EXPECT_LT(steered - before, 100'000u) << "steering stepped the clock forward";
            last = steered;
            next_steer += steer_every;
        }
        if (std::chrono::steady_clock::now() >= settled) {
            worst = std::max(worst, offset_from_monotonic(clock));
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return worst;
}

TEST(TscClock, StartsAtTheMonotonicClockAndMeasuresSleeps) {
    const std::uint64_t rate = calibrated_rate_or_zero();
    if (rate == 0) GTEST_SKIP() << "no invariant TSC that the kernel keeps time with here";
    TscClock clock(rate);
    const std::uint64_t mono = sdk::monotonic_ns();
    const std::uint64_t start = clock.start();
    EXPECT_LT(start - mono, 1'000'000u);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const std::uint64_t slept = clock.now() - start;
    EXPECT_GE(slept, 20'000'000u);
    EXPECT_LT(slept, 200'000'000u);
}

TEST(TscClock, SteeringKeepsItWithTheMonotonicClock) {
    const std::uint64_t rate = calibrated_rate_or_zero();
    if (rate == 0) GTEST_SKIP() << "no invariant TSC that the kernel keeps time with here";
    TscClock clock(rate);
    clock.start();
    EXPECT_LT(run_steered(clock, 1.0, std::chrono::milliseconds(100)), 20'000);
}

TEST(TscClock, SteeringCorrectsARateThatStartsOutWrong) {
    const std::uint64_t rate = calibrated_rate_or_zero();
    if (rate == 0) GTEST_SKIP() << "no invariant TSC that the kernel keeps time with here";
    // 0.05% fast: unsteered, it would be 1 ms ahead after 2 s.
    TscClock clock(rate + rate / 2000);
    clock.start();
    EXPECT_LT(run_steered(clock, 2.0, std::chrono::milliseconds(100)), 50'000);
}

TEST(TscChoice, TheCpuFlagsDecideNotTheKernelsClocksource) {
    std::istringstream both("processor\t: 0\nflags\t\t: fpu tsc constant_tsc nonstop_tsc sse\n");
    EXPECT_TRUE(cpuinfo_reports_invariant_tsc(both));
    std::istringstream constant_only("flags\t: fpu tsc constant_tsc\n");
    EXPECT_FALSE(cpuinfo_reports_invariant_tsc(constant_only));
    std::istringstream none("processor\t: 0\n");
    EXPECT_FALSE(cpuinfo_reports_invariant_tsc(none));
    // Where the CPU reports it invariant, the loop times with it even when the kernel
    // keeps time with kvm-clock (as stock fio): only the cross-CPU check can refuse it.
    std::ifstream cpuinfo("/proc/cpuinfo");
    if (cpuinfo_reports_invariant_tsc(cpuinfo)) {
        EXPECT_TRUE(tsc_ns_per_tick_q32().has_value());
    }
}

TEST(TscChoice, SkewBetweenCpusIsMeasuredAtTheCalibratedRate) {
    const std::uint64_t half_ns_per_tick = 1ull << 31;  // 0.5 ns per tick
    EXPECT_EQ(tsc_skew_ns(1000, 5000, half_ns_per_tick, 3000, 6000), 0u);
    EXPECT_EQ(tsc_skew_ns(1000, 5000, half_ns_per_tick, 3000, 6250), 250u);
    EXPECT_EQ(tsc_skew_ns(1000, 5000, half_ns_per_tick, 3000, 5900), 100u);
    EXPECT_EQ(tsc_skew_ns(1000, 5000, half_ns_per_tick, 999, 5000), ~0ull);
}

TEST(IoClock, ReadsTheTscOnlyForExactTimeAndWhenGivenARate) {
    EXPECT_TRUE(IoClock(true, 1ull << 32).reads_tsc());
    EXPECT_FALSE(IoClock(false, 1ull << 32).reads_tsc());  // gtod_reduce: strided reads
    EXPECT_FALSE(IoClock(true).reads_tsc());
}

TEST(ClocksourceOption, NamesTheClockOfTheJob) {
    const auto source = [](const char* value) {
        JobSpec job;
        apply_option(job, {"clocksource", value, {"t.fio", 1}});
        return job.measure.clocksource;
    };
    EXPECT_EQ(MeasureSpec{}.clocksource, ClockSource::automatic);
    EXPECT_EQ(source("cpu"), ClockSource::cpu);
    EXPECT_EQ(source("clock_gettime"), ClockSource::clock_gettime);
    EXPECT_EQ(source("gettimeofday"), ClockSource::gettimeofday);
    EXPECT_THROW(source("tsc"), OptionError);
}

}  // namespace
}  // namespace fio::core
