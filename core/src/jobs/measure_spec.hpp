// What a job measures and how it reports it: fio's "Measurements and reporting" options
// (latency switches, percentiles, significant figures) and its steady-state criterion.
#pragma once

#include <cstdint>
#include <vector>

namespace fio::core {

// steadystate=METRIC:LIMIT[%], steadystate_duration, steadystate_ramp_time: end the job
// once its IOPS or bandwidth, sampled each second, has settled over a rolling window.
struct SteadyStateSpec {
    enum class Metric { iops, bw };
    Metric metric = Metric::iops;
    bool slope = true;       // judge the least-squares slope, else the largest deviation
    double limit = 0.01;
    bool percent = true;     // the limit is a percentage of the window's mean
    std::uint32_t duration_s = 0;  // the window, in whole seconds; 0: no detection
    std::uint64_t ramp_ns = 0;     // run this long before the first sample

    bool operator==(const SteadyStateSpec&) const = default;
};

// clocksource=: automatic (not given) and cpu time I/Os with the TSC where it is a
// trustworthy clock (run/tsc_clock.hpp); clock_gettime and gettimeofday with
// CLOCK_MONOTONIC (gettimeofday's wall clock can jump).
enum class ClockSource : std::uint8_t { automatic, gettimeofday, clock_gettime, cpu };

struct MeasureSpec {
    // Latencies left unmeasured save their clock reads; gtod_reduce sets all of these.
    bool disable_slat = false;
    bool disable_clat = false;
    bool disable_lat = false;
    // Accepted as in fio 3.33, which still reports bandwidth and IOPS samples with it.
    bool disable_bw = false;

    bool slat_percentiles = false;
    bool clat_percentiles = true;
    bool lat_percentiles = false;
    std::vector<double> percentile_list;  // ascending; empty: fio's default list
    std::uint32_t significant_figures = 4;
    // unified_rw_reporting: 0 none, 1 mixed, 2 both (sdk::UnifiedRw).
    std::uint8_t unified_rw = 0;
    SteadyStateSpec steadystate;
    ClockSource clocksource = ClockSource::automatic;

    bool operator==(const MeasureSpec&) const = default;
};

}  // namespace fio::core
