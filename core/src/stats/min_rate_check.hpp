// rate_min / rate_iops_min: a job fails when, over a rate_cycle, it moved fewer bytes
// or did fewer I/Os per second than asked. As stock fio, the first two seconds are a
// settling period; the first cycle is measured from the end of it. Pure arithmetic
// over the times and counters it is given, so it is testable without a clock.
#pragma once

#include "jobs/pacing_spec.hpp"

#include <array>
#include <cstdint>
#include <string>

namespace fio::core {

class MinRateCheck {
public:
    // `active`: the directions the job does (the others are never checked).
    MinRateCheck(const PacingSpec& pacing, std::array<bool, 3> active, std::uint64_t start_ns);

    bool enabled() const noexcept { return enabled_; }
    // Cheap: whether check() has anything to do at `now`.
    bool due(std::uint64_t now) const noexcept { return enabled_ && now >= next_ns_; }

    // Compares the cycle that ends at `now` with the minimums. Returns what was not
    // met ("rate_min=1048576B/s not met, got 4096B/s"), or an empty string.
    std::string check(std::uint64_t now, const std::array<std::uint64_t, 3>& bytes,
                      const std::array<std::uint64_t, 3>& ios);

private:
    static constexpr std::uint64_t kSettleNs = 2'000'000'000;

    std::array<std::uint64_t, 3> min_bps_{};
    std::array<std::uint64_t, 3> min_iops_{};
    std::uint64_t cycle_ns_;
    bool enabled_ = false;
    bool measuring_ = false;   // false until the first cycle began (after settling)
    std::uint64_t next_ns_;
    std::uint64_t cycle_start_ns_ = 0;
    std::array<std::uint64_t, 3> cycle_bytes_{};
    std::array<std::uint64_t, 3> cycle_ios_{};
};

}  // namespace fio::core
