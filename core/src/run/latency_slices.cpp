#include "run/latency_slices.hpp"

namespace fio::core {

void LatencySlices::start(std::uint32_t count) {
    slices_.assign(count, LatencySlice{});
    current_ = 0;
    slice_start_ns_ = 0;
}

void LatencySlices::merge(const LatencySlices& other) {
    if (slices_.size() < other.slices_.size()) slices_.resize(other.slices_.size());
    for (std::size_t s = 0; s < other.slices_.size(); ++s) {
        slices_[s].total += other.slices_[s].total;
        for (std::size_t i = 0; i < kActLimitsUs.size(); ++i) slices_[s].over[i] += other.slices_[s].over[i];
    }
}

}  // namespace fio::core
