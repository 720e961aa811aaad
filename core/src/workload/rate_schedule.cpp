#include "workload/rate_schedule.hpp"

#include <cmath>

namespace fio::core {

RateSchedule::RateSchedule(std::uint64_t bytes_per_second, std::uint64_t block_size,
                           RateProcess process, std::uint64_t seed)
    : bytes_per_second_(bytes_per_second), process_(process), rng_(seed) {
    if (bytes_per_second_ != 0) {
        mean_gap_ns_ = static_cast<std::uint64_t>(
            static_cast<unsigned __int128>(block_size) * 1'000'000'000u / bytes_per_second_);
    }
}

void RateSchedule::issued(std::uint64_t bytes) noexcept {
    if (bytes_per_second_ == 0) return;
    bytes_issued_ += bytes;
    if (process_ == RateProcess::linear) {
        due_ns_ = origin_ns_ + static_cast<std::uint64_t>(
                                   static_cast<unsigned __int128>(bytes_issued_) * 1'000'000'000u /
                                   bytes_per_second_);
        return;
    }
    // Exponential gap by inversion: -ln(U) with U uniform in (0, 1].
    const double uniform = static_cast<double>((rng_.next() >> 11) + 1) * 0x1.0p-53;
    due_ns_ += static_cast<std::uint64_t>(-std::log(uniform) * static_cast<double>(mean_gap_ns_));
}

}  // namespace fio::core
