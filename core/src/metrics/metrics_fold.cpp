#include "metrics/metrics_fold.hpp"

#include <fio/sdk/histogram.hpp>

#include <array>

namespace fio::core {
namespace {

constexpr std::size_t kBounds = kMetricsLatencyBoundsNs.size();

// For every histogram bucket, the bound slot it counts in (kBounds: +Inf only).
constexpr std::array<std::uint8_t, sdk::kHistogramBuckets> make_slots() {
    std::array<std::uint8_t, sdk::kHistogramBuckets> slots{};
    for (unsigned index = 0; index < sdk::kHistogramBuckets; ++index) {
        std::size_t slot = 0;
        while (slot < kBounds && sdk::histogram_value(index) > kMetricsLatencyBoundsNs[slot]) ++slot;
        slots[index] = static_cast<std::uint8_t>(slot);
    }
    return slots;
}

constexpr auto kSlots = make_slots();

}  // namespace

LatencyBuckets fold_latency(const sdk::LatencyStats& latency) noexcept {
    LatencyBuckets folded;
    const auto& counts = latency.histogram.counts;
    for (unsigned index = 0; index < sdk::kHistogramBuckets; ++index) {
        const std::uint64_t n = counts[index];
        if (n == 0) continue;
        folded.count += n;
        if (kSlots[index] < kBounds) folded.counts[kSlots[index]] += n;
    }
    folded.sum_ns = latency.stats.sum;
    return folded;
}

}  // namespace fio::core
