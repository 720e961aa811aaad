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

    // disk_util: sample the disks under the job's files and report their statistics.
    bool disk_util = true;
    // stats=0: the job runs but is left out of every report and of its group's totals.
    bool stats = true;
    // unit_base: 0 automatic (bytes), 8 bytes, 1 bits: the normal report's rates.
    std::uint8_t unit_base = 0;
    // bwavgtime, iopsavgtime: the period each bw/IOPS sample is averaged over.
    std::uint64_t bw_avg_ns = 500'000'000;
    std::uint64_t iops_avg_ns = 500'000'000;

    bool operator==(const MeasureSpec&) const = default;
};

}  // namespace fio::core
