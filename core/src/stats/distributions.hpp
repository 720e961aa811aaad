// Where one sample lands in fio's fixed-slot distributions: latency buckets
// (lat (nsec/usec/msec)), I/O depth levels, and submit/complete batch sizes.
#pragma once

#include <fio/sdk/result.hpp>

#include <cstdint>

namespace fio::core {

// Counts one completion latency in the ns, us or ms table of `result`.
inline void count_latency(sdk::JobResult& result, std::uint64_t ns) noexcept {
    auto slot_of = [](std::uint64_t value, const auto& bounds) {
        unsigned slot = 0;
        while (slot < bounds.size() && value >= bounds[slot]) ++slot;
        return slot;
    };
    if (ns < 1000) {
        ++result.latency_ns[slot_of(ns, sdk::kLatencyBucketBoundsNs)];
    } else if (ns < 1'000'000) {
        ++result.latency_us[slot_of(ns / 1000, sdk::kLatencyBucketBoundsUs)];
    } else {
        ++result.latency_ms[slot_of(ns / 1'000'000, sdk::kLatencyBucketBoundsMs)];
    }
}

// In-flight depth -> slot of "1, 2, 4, 8, 16, 32, >=64" (each slot counts depths from
// its label up to the next label).
inline unsigned depth_level_slot(std::uint32_t depth) noexcept {
    if (depth <= 1) return 0;
    if (depth >= 64) return 6;
    return static_cast<unsigned>(31 - __builtin_clz(depth));  // 2-3 -> 1, 4-7 -> 2, ...
}

// I/Os per submit or reap call -> slot of "0, 4, 8, 16, 32, 64, >=64" (each slot counts
// batches up to its label).
inline unsigned batch_slot(std::uint32_t count) noexcept {
    if (count == 0) return 0;
    if (count <= 4) return 1;
    if (count > 64) return 6;
    return static_cast<unsigned>(32 - __builtin_clz(count - 1)) - 1;  // 5-8 -> 2, 9-16 -> 3...
}

}  // namespace fio::core
