#include "stats/result_delta.hpp"

#include <algorithm>
#include <optional>

namespace fio::core {
namespace {

// Counters only grow; a value that went back (it cannot, but a result is data) gives
// an empty interval rather than a wrapped-around one.
template <typename T>
T minus(T now, T before) noexcept {
    return now > before ? static_cast<T>(now - before) : T{};
}

template <typename Array>
void subtract_each(Array& now, const Array& before) noexcept {
    for (std::size_t i = 0; i < now.size(); ++i) now[i] = minus(now[i], before[i]);
}

// The lowest and the highest non-empty bucket, or nullopt when every bucket is empty.
std::optional<std::pair<unsigned, unsigned>> occupied_buckets(const sdk::LatencyHistogram& histogram) {
    const auto& counts = histogram.counts;
    const auto first = std::find_if(counts.begin(), counts.end(), [](std::uint64_t c) { return c != 0; });
    if (first == counts.end()) return std::nullopt;
    const auto last = std::find_if(counts.rbegin(), counts.rend(), [](std::uint64_t c) { return c != 0; });
    return std::pair{static_cast<unsigned>(first - counts.begin()),
                     static_cast<unsigned>(counts.rend() - last - 1)};
}

sdk::PriorityLatencies priority_latencies_delta(const sdk::PriorityLatencies& now,
                                                const sdk::PriorityLatencies& before) {
    sdk::PriorityLatencies delta;
    delta.reserve(now.size());
    for (const sdk::PriorityLatency& p : now) {
        const auto earlier = std::find_if(before.begin(), before.end(),
                                          [&](const sdk::PriorityLatency& q) { return q.ioprio == p.ioprio; });
        if (earlier == before.end()) {
            delta.push_back(p);
        } else {
            delta.push_back({p.ioprio, latency_stats_delta(p.latency, earlier->latency)});
        }
    }
    return delta;
}

sdk::DirectionResult direction_delta(const sdk::DirectionResult& now, const sdk::DirectionResult& before) {
    sdk::DirectionResult delta;
    delta.io_bytes = minus(now.io_bytes, before.io_bytes);
    delta.total_ios = minus(now.total_ios, before.total_ios);
    delta.short_ios = minus(now.short_ios, before.short_ios);
    delta.drop_ios = minus(now.drop_ios, before.drop_ios);
    delta.runtime_ns = minus(now.runtime_ns, before.runtime_ns);
    delta.slat = latency_stats_delta(now.slat, before.slat);
    delta.clat = latency_stats_delta(now.clat, before.clat);
    delta.lat = latency_stats_delta(now.lat, before.lat);
    delta.bw_samples = sample_stats_delta(now.bw_samples, before.bw_samples);
    delta.iops_samples = sample_stats_delta(now.iops_samples, before.iops_samples);
    return delta;
}

}  // namespace

sdk::SampleStats sample_stats_delta(const sdk::SampleStats& now, const sdk::SampleStats& before,
                                    const sdk::LatencyHistogram* histogram) {
    sdk::SampleStats delta;
    delta.count = minus(now.count, before.count);
    if (delta.count == 0) return delta;  // empty: min and max as a fresh series has them
    delta.sum = minus(now.sum, before.sum);
    delta.sum_squares = minus(now.sum_squares, before.sum_squares);
    const bool new_min = before.count == 0 || now.min < before.min;
    const bool new_max = before.count == 0 || now.max > before.max;
    delta.min = now.min;
    delta.max = now.max;
    const auto buckets = histogram ? occupied_buckets(*histogram) : std::nullopt;
    if (buckets) {
        if (!new_min) delta.min = std::max(now.min, sdk::histogram_bucket_low(buckets->first));
        if (!new_max) delta.max = std::min(now.max, sdk::histogram_bucket_high(buckets->second));
    }
    return delta;
}

sdk::LatencyStats latency_stats_delta(const sdk::LatencyStats& now, const sdk::LatencyStats& before) {
    sdk::LatencyStats delta;
    delta.histogram = now.histogram;
    subtract_each(delta.histogram.counts, before.histogram.counts);
    delta.stats = sample_stats_delta(now.stats, before.stats, &delta.histogram);
    return delta;
}

sdk::JobResult job_result_delta(const sdk::JobResult& now, const sdk::JobResult& before) {
    sdk::JobResult delta = now;
    delta.job_runtime_ns = minus(now.job_runtime_ns, before.job_runtime_ns);
    for (std::size_t i = 0; i < delta.directions.size(); ++i) {
        delta.directions[i] = direction_delta(now.directions[i], before.directions[i]);
        delta.priority_latency[i] = priority_latencies_delta(now.priority_latency[i], before.priority_latency[i]);
    }
    delta.sync_total_ios = minus(now.sync_total_ios, before.sync_total_ios);
    delta.sync_lat = latency_stats_delta(now.sync_lat, before.sync_lat);
    delta.usr_cpu_ns = std::max(0.0, now.usr_cpu_ns - before.usr_cpu_ns);
    delta.sys_cpu_ns = std::max(0.0, now.sys_cpu_ns - before.sys_cpu_ns);
    delta.ctx = minus(now.ctx, before.ctx);
    delta.majf = minus(now.majf, before.majf);
    delta.minf = minus(now.minf, before.minf);
    subtract_each(delta.depth_levels, before.depth_levels);
    subtract_each(delta.depth_submit, before.depth_submit);
    subtract_each(delta.depth_complete, before.depth_complete);
    delta.depth_submit_events = minus(now.depth_submit_events, before.depth_submit_events);
    delta.depth_complete_events = minus(now.depth_complete_events, before.depth_complete_events);
    subtract_each(delta.latency_ns, before.latency_ns);
    subtract_each(delta.latency_us, before.latency_us);
    subtract_each(delta.latency_ms, before.latency_ms);
    delta.total_err = minus(now.total_err, before.total_err);
    delta.zone_resets = minus(now.zone_resets, before.zone_resets);
    return delta;
}

sdk::JobResult ResultDeltas::since_previous(std::size_t thread, const sdk::JobResult& now) {
    sdk::JobResult delta = job_result_delta(now, previous_.at(thread));
    previous_[thread] = now;
    return delta;
}

}  // namespace fio::core
