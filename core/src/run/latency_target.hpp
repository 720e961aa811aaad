// latency_target's queue-depth search, as stock fio 3.33 runs it. The job starts at
// depth 1; every latency_window it checks whether latency_percentile of the I/Os
// completed in that window took at most latency_target (total latency, issue to
// completion). While they do, the depth doubles (capped at iodepth); after the first
// window that misses, the search bisects between the deepest depth that met the
// target and the shallowest that missed. When a step would leave the depth where it
// is, the depth is found: the statistics restart and one more window runs at that
// depth, after which the job ends (latency_run=1: it goes on adjusting until its
// runtime ends instead). With latency_percentile=100 a single late I/O is a miss at
// once, and a late I/O at depth 1 ends the job with ETIMEDOUT.
//
// The controller is plain state driven by the I/O loop with times and counts, so its
// steps are tested with exact values; the loop owns draining the queue and
// restarting statistics when a step asks for it.
#pragma once

#include "jobs/latency_spec.hpp"

#include <cstdint>

namespace fio::core {

class LatencyTarget {
public:
    // What the loop must do after a window check or a late I/O.
    enum class Step : std::uint8_t {
        none,
        deeper,      // the depth went up; nothing to drain
        shallower,   // the depth went down: drain the queue, then new_window()
        final_run,   // the depth is found: drain, restart statistics, then new_window()
        done,        // the final window met the target: end the job
        fatal,       // a late I/O at depth 1 with latency_percentile=100: ETIMEDOUT
    };

    LatencyTarget(const LatencySpec& spec, std::uint32_t iodepth) noexcept;

    bool active() const noexcept { return spec_.target_ns != 0; }
    // The most I/Os in flight now (iodepth when no target).
    std::uint32_t depth() const noexcept { return depth_; }
    // When the current window ends (monotonic ns).
    std::uint64_t window_end() const noexcept { return window_start_ + spec_.window_ns; }
    bool final_window() const noexcept { return final_run_; }

    // Starts the search, or a new window after a drain, at `now`.
    void start(std::uint64_t now) noexcept;
    void new_window(std::uint64_t now) noexcept;

    // An I/O completed with total latency `latency_ns`.
    Step completed(std::uint64_t latency_ns) noexcept;
    // Called at or after window_end(): judges the window that ended.
    Step check(std::uint64_t now) noexcept;

    // For tests and reports.
    std::uint32_t low() const noexcept { return low_; }
    std::uint32_t high() const noexcept { return high_; }

private:
    Step met() noexcept;
    Step missed() noexcept;

    LatencySpec spec_;
    std::uint32_t iodepth_;
    std::uint32_t depth_;
    std::uint32_t low_ = 1;     // deepest depth known to meet the target
    std::uint32_t high_;        // shallowest depth known to miss it (iodepth: none yet)
    bool final_run_ = false;
    std::uint64_t window_start_ = 0;
    std::uint64_t window_ios_ = 0;
    std::uint64_t window_late_ = 0;
};

}  // namespace fio::core
