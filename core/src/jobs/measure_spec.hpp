// What a job measures and how it reports it: fio's "Measurements and reporting" options
// (latency switches, percentiles, significant figures) and its steady-state criterion.
#pragma once

#include <cstdint>
#include <vector>

namespace fio::core {

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

    bool operator==(const MeasureSpec&) const = default;
};

}  // namespace fio::core
