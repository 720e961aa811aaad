// unified_rw_reporting: read, write and trim reported together as one "mixed"
// direction, summed as stock fio 3.33 sums them.
//
// Counts, bytes and latencies add (latency moments and histograms merge exactly). The
// bandwidth and IOPS samples are summed the way stock sums them across directions: the
// minimums add, the maximums add, the means add, the sums of squared deviations add and
// the sample counts add (so 3 read and 3 write windows give "samples=6" whose mean is
// the read mean plus the write mean). Such a mean is not a ratio of integers, so the
// merged SampleStats holds the nearest integer sum and sum of squares: its mean is
// exact to within 1/(2·count), its deviation to within what rounding the sum of squares
// costs (nothing that shows at the scale of bandwidth samples).
#pragma once

#include <cmath>
#include <cstdint>

#include "fio/sdk/result.hpp"

namespace fio::sdk {

// What unified_rw_reporting asked for (ReportSettings::unified_rw, GroupResult::unified_rw).
enum UnifiedRw : std::uint8_t {
    kUnifiedNone = 0,   // read, write and trim apart
    kUnifiedMixed = 1,  // only "mixed": the core already summed them into directions[0]
    kUnifiedBoth = 2,   // read, write, trim, then "mixed"
};

// Samples summed as stock sums them across directions (see the file comment).
inline SampleStats sum_sample_stats_as_stock(const SampleStats& a, const SampleStats& b) {
    if (a.count == 0) return b;
    if (b.count == 0) return a;
    const auto scatter = [](const SampleStats& s) {  // sum of squared deviations
        const long double n = static_cast<long double>(s.count);
        const long double sum = static_cast<long double>(s.sum);
        return static_cast<long double>(s.sum_squares) - sum * sum / n;
    };
    SampleStats out;
    out.count = a.count + b.count;
    out.min = a.min + b.min;
    out.max = a.max + b.max;
    const long double n = static_cast<long double>(out.count);
    const long double mean = static_cast<long double>(a.sum) / static_cast<long double>(a.count) +
                             static_cast<long double>(b.sum) / static_cast<long double>(b.count);
    const long double sum = std::round(mean * n);
    out.sum = static_cast<std::uint64_t>(sum);
    const long double squares = scatter(a) + scatter(b) + sum * sum / n;
    out.sum_squares = static_cast<unsigned __int128>(std::round(squares));
    return out;
}

// The job's directions as one.
inline DirectionResult mixed_direction(const JobResult& job) {
    DirectionResult out;
    for (const DirectionResult& d : job.directions) {
        out.io_bytes += d.io_bytes;
        out.total_ios += d.total_ios;
        out.short_ios += d.short_ios;
        out.drop_ios += d.drop_ios;
        out.runtime_ns = std::max(out.runtime_ns, d.runtime_ns);
        out.slat.merge(d.slat);
        out.clat.merge(d.clat);
        out.lat.merge(d.lat);
        out.bw_samples = sum_sample_stats_as_stock(out.bw_samples, d.bw_samples);
        out.iops_samples = sum_sample_stats_as_stock(out.iops_samples, d.iops_samples);
    }
    return out;
}

// The job's per-priority latencies of all directions as one list, as stock sums them
// for "mixed": by priority, in order of first appearance.
inline PriorityLatencies mixed_priority_latencies(const JobResult& job) {
    PriorityLatencies out;
    for (const PriorityLatencies& prios : job.priority_latency) merge_priority_latencies(out, prios);
    return out;
}

// A group's directions as one, as stock prints its "MIXED:" line with
// unified_rw_reporting=both: all the bytes over the longest runtime, and the slowest
// and fastest of the directions' own per-job rates.
inline GroupDirection mixed_group_direction(const GroupResult& group) {
    GroupDirection out;
    bool any = false;
    for (const GroupDirection& d : group.directions) {
        out.io_bytes += d.io_bytes;
        if (d.max_runtime_ms == 0) continue;
        out.min_bw_bytes = any ? std::min(out.min_bw_bytes, d.min_bw_bytes) : d.min_bw_bytes;
        out.max_bw_bytes = std::max(out.max_bw_bytes, d.max_bw_bytes);
        out.min_runtime_ms = any ? std::min(out.min_runtime_ms, d.min_runtime_ms) : d.min_runtime_ms;
        out.max_runtime_ms = std::max(out.max_runtime_ms, d.max_runtime_ms);
        any = true;
    }
    if (out.max_runtime_ms > 0) out.agg_bw_bytes = out.io_bytes * 1000 / out.max_runtime_ms;
    return out;
}

}  // namespace fio::sdk
