// Latency goals of a job, as fio's manual describes them under "I/O latency":
// the queue-depth search for a latency target (latency_target, latency_window,
// latency_percentile, latency_run) and the per-direction latency limit (max_latency).
#pragma once

#include <array>
#include <cstdint>

namespace fio::core {

struct LatencySpec {
    std::uint64_t target_ns = 0;         // 0: no queue-depth search
    std::uint64_t window_ns = 0;         // how long each depth is tried
    double percentile = 100.0;           // share of I/Os that must meet the target
    bool keep_adjusting = false;         // latency_run: never settle and end the job
    std::array<std::uint64_t, 3> max_ns{};  // max_latency per direction; 0: no limit

    bool operator==(const LatencySpec&) const = default;

    bool limits_latency() const noexcept { return max_ns[0] || max_ns[1] || max_ns[2]; }
};

}  // namespace fio::core
