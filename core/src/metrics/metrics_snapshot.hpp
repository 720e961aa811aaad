// What the live metrics endpoint (--metrics-listen) shows: the run's latest numbers per
// job and direction, as plain values. The runner (or a client run) builds one at each
// status tick and hands it to the MetricsBoard; the HTTP server renders the newest.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace fio::core {

// The `le` bounds of the latency histogram, in nanoseconds: 10 us to 10 s in 1-2.5-5
// steps, plus +Inf (the count). Enough to see a device's shape without 1856 series.
inline constexpr std::array<std::uint64_t, 19> kMetricsLatencyBoundsNs = {
    10'000,        25'000,        50'000,        100'000,       250'000,
    500'000,       1'000'000,     2'500'000,     5'000'000,     10'000'000,
    25'000'000,    50'000'000,    100'000'000,   250'000'000,   500'000'000,
    1'000'000'000, 2'500'000'000, 5'000'000'000, 10'000'000'000};

// Completion latencies folded into the bounds above: bucket i counts the I/Os of latency
// <= kMetricsLatencyBoundsNs[i] and no lower bound (not cumulative yet); count is +Inf.
struct LatencyBuckets {
    std::array<std::uint64_t, kMetricsLatencyBoundsNs.size()> counts{};
    std::uint64_t count = 0;   // every I/O, +Inf included
    std::uint64_t sum_ns = 0;  // their latencies added up

    void add(const LatencyBuckets& o) noexcept {
        for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += o.counts[i];
        count += o.count;
        sum_ns += o.sum_ns;
    }
};

// One data direction of one job (its clones merged).
struct DirectionMetrics {
    std::uint64_t ios = 0;      // counters: only grow while the run goes
    std::uint64_t bytes = 0;
    LatencyBuckets latency;
    double iops = 0;            // gauges: over the last status interval
    double bytes_per_second = 0;
};

struct JobMetrics {
    std::string host;  // "" in a local run; the server's label in a client run
    std::string job;
    std::array<DirectionMetrics, 3> directions;  // read, write, trim
};

// A server's live status in a client run: what its status updates say.
struct HostMetrics {
    std::string host;
    std::uint32_t jobs_running = 0;
    double percent_done = 0;
    std::array<double, 3> iops{};
    std::array<double, 3> bytes_per_second{};
};

struct MetricsSnapshot {
    std::uint64_t elapsed_ms = 0;
    std::uint32_t jobs_running = 0;
    double percent_done = 0;
    std::vector<JobMetrics> jobs;
    std::vector<HostMetrics> hosts;  // a client run only
};

// The directions' label values, indexed like DirectionResult.
inline constexpr std::array<const char*, 3> kMetricsDirections = {"read", "write", "trim"};

}  // namespace fio::core
