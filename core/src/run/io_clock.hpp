// The clock as the I/O loop reads it, and which latencies a job thread measures.
//
// While a job measures any latency, every time stamp is an exact clock read: of the
// TSC where it is a trustworthy clock (run/tsc_clock.hpp), else of CLOCK_MONOTONIC.
// When it measures none (gtod_reduce, or disable_slat + disable_clat + disable_lat),
// time only steers runtime, ramp_time and the bandwidth/IOPS samples, none of which
// needs nanoseconds: CLOCK_MONOTONIC is then read once every `stride` calls and the
// last reading is reused in between. The stride adapts so that readings stay between
// 20 and 200 µs apart, and is at most 64 (one read per 64 I/Os costs under 1 ns an I/O
// here): fast I/O reads the clock for about 2% of completions, slow I/O (a stride of
// 1) at every one, and a steady job overruns its runtime by at most about 200 µs. (A
// job whose I/O suddenly becomes much slower overruns by at most one stride of them.)
//
// Every time stamp of one loop comes from its IoClock, never from another clock: after
// a sleep (which CLOCK_MONOTONIC times) the loop takes resync(), not the sleep's
// reading, so no latency mixes two clocks.
#pragma once

#include "jobs/measure_spec.hpp"
#include "run/tsc_clock.hpp"

#include <fio/sdk/clock.hpp>
#include <fio/sdk/result.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>

namespace fio::core {

// The latencies a job thread records, fixed when its loop is built.
struct MeasuredLatencies {
    bool slat = true;
    bool clat = true;
    bool lat = true;

    explicit MeasuredLatencies(const MeasureSpec& m)
        : slat(!m.disable_slat), clat(!m.disable_clat), lat(!m.disable_lat) {}
    bool any() const noexcept { return slat || clat || lat; }
};

// What the outputs need to know of a job's reporting options.
inline sdk::ReportSettings report_settings(const MeasureSpec& m) {
    sdk::ReportSettings settings;
    settings.slat_percentiles = m.slat_percentiles;
    settings.clat_percentiles = m.clat_percentiles;
    settings.lat_percentiles = m.lat_percentiles;
    settings.percentiles = m.percentile_list;
    settings.significant_figures = m.significant_figures;
    settings.unified_rw = m.unified_rw;
    settings.unit_base = m.unit_base;
    return settings;
}

class IoClock {
public:
    // exact: every call reads the clock. tsc_rate: read the TSC at that rate
    // (tsc_ns_per_tick_q32()) instead of CLOCK_MONOTONIC; used only with exact.
    explicit IoClock(bool exact, std::optional<std::uint64_t> tsc_rate = std::nullopt) noexcept
        : exact_(exact) {
        if (exact && tsc_rate) tsc_.emplace(*tsc_rate);
    }

    bool reads_tsc() const noexcept { return tsc_.has_value(); }

    // Starts the clock for a run; returns its first reading.
    std::uint64_t start() noexcept {
        if (tsc_) return tsc_->start();
        const std::uint64_t now = sdk::monotonic_ns();
        reset(now);
        return now;
    }

    // Starts over from a fresh reading taken by the caller (CLOCK_MONOTONIC only).
    void reset(std::uint64_t now) noexcept {
        last_ = now;
        since_read_ = 0;
    }

    // An exact reading now, after the loop waited or slept.
    std::uint64_t resync() noexcept {
        if (tsc_) return tsc_->now();
        const std::uint64_t now = sdk::monotonic_ns();
        reset(now);
        return now;
    }

    // Keeps a TSC clock with CLOCK_MONOTONIC; call every few hundred ms.
    void steer() noexcept {
        if (tsc_) tsc_->steer();
    }

    // The current time as precisely as the job needs it.
    std::uint64_t now() noexcept {
        if (tsc_) return tsc_->now();
        if (exact_) return sdk::monotonic_ns();
        if (++since_read_ < stride_) return last_;
        return reread();
    }

private:
    static constexpr std::uint64_t kTooClose = 20'000;   // ns between readings
    static constexpr std::uint64_t kTooFar = 200'000;
    static constexpr std::uint32_t kLongestStride = 64;

    std::uint64_t reread() noexcept {
        const std::uint64_t now = sdk::monotonic_ns();
        const std::uint64_t gap = now - last_;
        if (gap < kTooClose && stride_ < kLongestStride) {
            stride_ *= 2;
        } else if (gap > kTooFar && stride_ > 1) {
            // Scale down at once: as many calls as fit in the 20 µs the gap should be.
            stride_ = static_cast<std::uint32_t>(
                std::max<std::uint64_t>(1, stride_ * kTooClose / gap));
        }
        reset(now);
        return now;
    }

    bool exact_;
    std::optional<TscClock> tsc_;
    std::uint32_t stride_ = 1;
    std::uint32_t since_read_ = 0;
    std::uint64_t last_ = 0;
};

}  // namespace fio::core
