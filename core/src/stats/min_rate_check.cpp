#include "stats/min_rate_check.hpp"

#include <fmt/format.h>

namespace fio::core {

MinRateCheck::MinRateCheck(const PacingSpec& pacing, std::array<bool, 3> active,
                           std::uint64_t start_ns)
    : cycle_ns_(pacing.rate_cycle_ns), next_ns_(start_ns + kSettleNs) {
    for (int dir = 0; dir < 3; ++dir) {
        if (!active[dir]) continue;
        min_bps_[dir] = pacing.rate_min_bps[dir];
        min_iops_[dir] = pacing.rate_iops_min[dir];
        enabled_ = enabled_ || min_bps_[dir] || min_iops_[dir];
    }
}

std::string MinRateCheck::check(std::uint64_t now, const std::array<std::uint64_t, 3>& bytes,
                                const std::array<std::uint64_t, 3>& ios) {
    if (!due(now)) return {};
    if (measuring_) {
        // Whole milliseconds, as fio measures the cycle.
        const std::uint64_t spent_ms = (now - cycle_start_ns_) / 1'000'000;
        for (int dir = 0; dir < 3; ++dir) {
            if (spent_ms == 0) break;
            const std::uint64_t bps = (bytes[dir] - cycle_bytes_[dir]) * 1000 / spent_ms;
            const std::uint64_t iops = (ios[dir] - cycle_ios_[dir]) * 1000 / spent_ms;
            // A byte minimum is checked when given; the I/O minimum otherwise.
            if (min_bps_[dir] && bps < min_bps_[dir]) {
                return fmt::format("rate_min={}B/s not met, got {}B/s", min_bps_[dir], bps);
            }
            if (!min_bps_[dir] && min_iops_[dir] && iops < min_iops_[dir]) {
                return fmt::format("rate_iops_min={} not met, got {} IOPS", min_iops_[dir], iops);
            }
        }
    }
    measuring_ = true;
    cycle_start_ns_ = now;
    cycle_bytes_ = bytes;
    cycle_ios_ = ios;
    next_ns_ = now + cycle_ns_;
    return {};
}

}  // namespace fio::core
