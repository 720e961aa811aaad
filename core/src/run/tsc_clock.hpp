// The CPU's time-stamp counter as the I/O loop's clock.
//
// Why: a job stamps every I/O at least twice, and on this project's machines a
// CLOCK_MONOTONIC read through the vDSO costs about 25 ns against 10 ns for rdtsc plus
// a multiply (tests/bench/clock_cost.cpp, docs/performance.md); with the null engine at
// iodepth=1 the vDSO reads were 58% of the job thread's time. Stock fio, for the same
// reason, takes the TSC as its clock wherever it is invariant.
//
// When: on x86-64 where the CPU reports the TSC invariant (constant_tsc and
// nonstop_tsc), as stock fio decides, whatever clocksource the kernel keeps time with
// (on KVM guests that is often kvm-clock, over the same invariant TSC), and where every
// CPU this process may use reads the same counter (checked once, at calibration, within
// 20 us). Elsewhere, and with clocksource=clock_gettime or gettimeofday, the loop reads
// CLOCK_MONOTONIC.
//
// How it stays with CLOCK_MONOTONIC: a clock starts at CLOCK_MONOTONIC's reading and
// runs at the rate calibrated once per process (about 5 ms). Each steer() (the loop's
// 500 ms sampling tick) re-estimates the rate over the whole run and tilts it so that
// the offset from CLOCK_MONOTONIC is worked off over the next interval. The clock never
// steps and never runs backwards, so a latency is never negative; it stays within a
// few microseconds of CLOCK_MONOTONIC, which only the sleeps of rate pacing and
// flow control see.
#pragma once

#include <algorithm>
#include <cstdint>
#include <istream>
#include <optional>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace fio::core {

// Nanoseconds per TSC tick in 32.32 fixed point, calibrated against CLOCK_MONOTONIC on
// first use; nullopt where the TSC is not a clock to trust (see above).
std::optional<std::uint64_t> tsc_ns_per_tick_q32();

// The first "flags" line of /proc/cpuinfo has both constant_tsc and nonstop_tsc.
bool cpuinfo_reports_invariant_tsc(std::istream& cpuinfo);
// How far CLOCK_MONOTONIC's `ns`, read with TSC `tick` (on another CPU), is from what
// the TSC maps to from an origin reading at that rate; all ones for a tick before it.
std::uint64_t tsc_skew_ns(std::uint64_t origin_tick, std::uint64_t origin_ns,
                          std::uint64_t ns_per_tick_q32, std::uint64_t tick,
                          std::uint64_t ns) noexcept;

class TscClock {
public:
    explicit TscClock(std::uint64_t ns_per_tick_q32) noexcept
        : calibrated_rate_(ns_per_tick_q32), rate_(ns_per_tick_q32) {}

    // Starts the clock at CLOCK_MONOTONIC's reading now; returns that reading.
    std::uint64_t start() noexcept;

    // Never less than an earlier reading of this clock, even after the thread moved
    // to a CPU whose counter lags by a few ticks.
    std::uint64_t now() noexcept {
        const std::uint64_t reading = at(ticks());
        if (reading > last_) last_ = reading;
        return last_;
    }

    // Tilts the rate toward CLOCK_MONOTONIC (see above); returns now().
    std::uint64_t steer() noexcept;

private:
    static std::uint64_t ticks() noexcept {
#if defined(__x86_64__)
        return __rdtsc();
#else
        return 0;  // never constructed: tsc_ns_per_tick_q32() is nullopt here
#endif
    }
    std::uint64_t at(std::uint64_t tick) const noexcept {
        const std::uint64_t elapsed = tick > base_tick_ ? tick - base_tick_ : 0;
        return base_ns_ + static_cast<std::uint64_t>(
                              (static_cast<unsigned __int128>(elapsed) * rate_) >> 32);
    }

    std::uint64_t calibrated_rate_;
    std::uint64_t rate_;
    std::uint64_t base_tick_ = 0;   // the clock reads base_ns_ at this tick
    std::uint64_t base_ns_ = 0;
    std::uint64_t start_tick_ = 0;  // where the run's rate is measured from
    std::uint64_t start_ns_ = 0;
    std::uint64_t last_ = 0;        // the latest reading handed out
};

}  // namespace fio::core
