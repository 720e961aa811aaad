// Options that pace a job's I/O (rate limits, think time, I/O counts) and end jobs
// (exitall), as fio's manual describes them under "I/O rate", "I/O latency" and
// "Threads, processes and job synchronization".
#pragma once

#include <array>
#include <cstdint>

namespace fio::core {

// How rate-limited I/Os are spaced: evenly, or as a Poisson process of the same mean.
enum class RateProcess { linear, poisson };

// inline: the job thread drains its queue before it sleeps for the rate. offload: it
// keeps I/Os in flight and reaps while it waits, so issue times follow the schedule
// whatever the device does (fio's offload mode; see pacer.hpp).
enum class SubmitMode { inline_mode, offload };

// Which I/Os thinktime_blocks counts.
enum class ThinktimeCount { complete, issue };

// Which jobs exitall ends when this job finishes.
enum class ExitWhat { group, stonewall, all };

struct PacingSpec {
    // Indexed like sdk::IoDirection (read, write, trim); 0: not limited.
    std::array<std::uint64_t, 3> rate_bps{};
    std::array<std::uint64_t, 3> rate_iops{};
    std::array<std::uint64_t, 3> rate_min_bps{};
    std::array<std::uint64_t, 3> rate_iops_min{};
    std::uint64_t rate_cycle_ns = 1'000'000'000;
    RateProcess rate_process = RateProcess::linear;
    bool rate_ignore_thinktime = false;
    SubmitMode submit_mode = SubmitMode::inline_mode;

    std::uint64_t thinktime_ns = 0;        // 0: no think time
    std::uint64_t thinktime_spin_ns = 0;   // busy part of each think time
    std::uint64_t thinktime_blocks = 1;    // I/Os between pauses
    bool thinktime_blocks_given = false;   // with thinktime_iotime alone, blocks do not count
    ThinktimeCount thinktime_blocks_type = ThinktimeCount::complete;
    std::uint64_t thinktime_iotime_ns = 0; // or pause after this much I/O time

    std::uint64_t number_ios = 0;          // per loop; 0: no limit

    // Flow control between jobs (flow_id, flow, flow_sleep; run/flow_control.hpp).
    std::uint64_t flow_id = 0;
    std::int32_t flow_weight = 0;          // 0: the job is not flow-controlled
    std::uint64_t flow_sleep_ns = 0;       // pause when over its share; 0: spin

    bool exitall = false;
    ExitWhat exit_what = ExitWhat::group;
    bool exitall_on_error = false;

    bool operator==(const PacingSpec&) const = default;

    bool rate_limited() const noexcept {
        for (int dir = 0; dir < 3; ++dir) {
            if (rate_bps[dir] || rate_iops[dir]) return true;
        }
        return false;
    }
    bool min_rate_checked() const noexcept {
        for (int dir = 0; dir < 3; ++dir) {
            if (rate_min_bps[dir] || rate_iops_min[dir]) return true;
        }
        return false;
    }
};

}  // namespace fio::core
