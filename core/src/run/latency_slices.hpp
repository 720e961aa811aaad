// --profile=act's latency accounting: every I/O's total latency counted against ACT's
// three limits (1, 8 and 64 ms) in hourly slices of the job's run, merged over the run's
// threads for the profile's end-of-run table (profiles/act_report.hpp). The counting is
// two compares and an increment per I/O into memory reserved up front.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace fio::core {

inline constexpr std::array<std::uint64_t, 3> kActLimitsUs = {1000, 8000, 64000};
inline constexpr std::uint64_t kActSliceNs = 3600ull * 1'000'000'000ull;

struct LatencySlice {
    // over[i]: I/Os slower than limit i but not than limit i+1 (stock counts each I/O
    // once, under the highest limit it exceeds).
    std::array<std::uint64_t, kActLimitsUs.size()> over{};
    std::uint64_t total = 0;
};

class LatencySlices {
public:
    // `count` slices, the first one starting with the first I/O counted.
    void start(std::uint32_t count);
    bool active() const noexcept { return !slices_.empty(); }

    void add(std::uint64_t latency_ns, std::uint64_t now_ns) noexcept {
        if (current_ >= slices_.size()) return;  // jitter past the last slice
        if (slice_start_ns_ == 0) slice_start_ns_ = now_ns;
        LatencySlice& slice = slices_[current_];
        ++slice.total;
        const std::uint64_t us = latency_ns / 1000;
        for (std::size_t i = kActLimitsUs.size(); i-- > 0;) {
            if (us > kActLimitsUs[i]) {
                ++slice.over[i];
                break;
            }
        }
        if (now_ns - slice_start_ns_ >= kActSliceNs) {
            ++current_;
            slice_start_ns_ = now_ns;
        }
    }

    // Adds `other`'s counts slice by slice (growing to its length).
    void merge(const LatencySlices& other);
    const std::vector<LatencySlice>& slices() const noexcept { return slices_; }

private:
    std::vector<LatencySlice> slices_;
    std::size_t current_ = 0;
    std::uint64_t slice_start_ns_ = 0;
};

}  // namespace fio::core
