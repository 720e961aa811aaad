// A job's numbers over time, per direction (ABI 1.5): the bw and IOPS samples the run
// takes anyway (one per bwavgtime / iopsavgtime window, 500 ms by default), and, when
// the job logs latencies (write_lat_log or write_hist_log), completion latency
// percentiles of each 500 ms tick. Outputs that plot (html) read them; the text
// reports only use the samples' moments (DirectionResult::bw_samples, iops_samples).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace fio::sdk {

// The percentiles kept over time: the median and the tail a plot needs.
inline constexpr std::array<double, 4> kSeriesPercentiles = {50, 90, 99, 99.9};

struct SeriesPoint {
    std::uint64_t time_ms = 0;  // when the window closed, since the job began measuring
    std::uint64_t value = 0;    // KiB/s (bandwidth) or I/Os per second
};

struct PercentilePoint {
    std::uint64_t time_ms = 0;
    std::array<std::uint64_t, kSeriesPercentiles.size()> ns{};  // clat, one per kSeriesPercentiles
};

struct DirectionSeries {
    std::vector<SeriesPoint> bw_kib;         // KiB/s per bandwidth window
    std::vector<SeriesPoint> iops;           // I/Os per second per IOPS window
    std::vector<PercentilePoint> clat;       // empty unless the job logs latencies

    bool empty() const noexcept { return bw_kib.empty() && iops.empty() && clat.empty(); }

    // Threads of a job (group_reporting) and hosts of a client run start together and
    // sample at the same period, so their n-th windows cover the same time: rates add
    // window by window. Percentiles of different I/Os cannot be merged from the values
    // alone; the merge keeps the larger of each (an upper bound, as a plot of the worst
    // case). A series longer than ours keeps its extra points.
    void merge(const DirectionSeries& o) {
        merge_rates(bw_kib, o.bw_kib);
        merge_rates(iops, o.iops);
        for (std::size_t i = 0; i < o.clat.size(); ++i) {
            if (i == clat.size()) {
                clat.push_back(o.clat[i]);
                continue;
            }
            clat[i].time_ms = std::max(clat[i].time_ms, o.clat[i].time_ms);
            for (std::size_t p = 0; p < clat[i].ns.size(); ++p) {
                clat[i].ns[p] = std::max(clat[i].ns[p], o.clat[i].ns[p]);
            }
        }
    }

private:
    static void merge_rates(std::vector<SeriesPoint>& into, const std::vector<SeriesPoint>& from) {
        for (std::size_t i = 0; i < from.size(); ++i) {
            if (i == into.size()) {
                into.push_back(from[i]);
                continue;
            }
            into[i].time_ms = std::max(into[i].time_ms, from[i].time_ms);
            into[i].value += from[i].value;
        }
    }
};

}  // namespace fio::sdk
