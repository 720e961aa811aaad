// Steady-state detection (steadystate=, steadystate_duration=, steadystate_ramp_time=):
// once a second the job's IOPS and bandwidth are sampled into a rolling window; when
// the window is full and its largest deviation from the mean (iops, bw) or its
// least-squares slope (iops_slope, bw_slope) is below the limit, the job ends early.
//
// One detector serves one job thread, or a whole reporting group under group_reporting
// (fio then judges the group's summed rates and ends all its threads together). The
// member threads poll it from their I/O loop's sampling tick (every 500 ms), never per
// I/O; it reads their published counters (LiveProgress), so a poll costs one lock.
#pragma once

#include "jobs/measure_spec.hpp"
#include "run/thread_plan.hpp"

#include <fio/sdk/result.hpp>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

namespace fio::core {

class SteadyState {
public:
    explicit SteadyState(const SteadyStateSpec& spec);
    SteadyState(const SteadyState&) = delete;
    SteadyState& operator=(const SteadyState&) = delete;

    // Before any member starts: a thread whose counters count towards the samples.
    void add_member(const LiveProgress& member);

    // From a member's sampling tick. `loop_start_ns` is when that member's I/O began
    // (the first poll starts the detector and its ss_ramp from there). Takes a sample
    // when a second has passed since the last one, then judges the window. True once
    // steady state is attained: the caller should end its job.
    bool poll(std::uint64_t now, std::uint64_t loop_start_ns);

    // What fio reports of it (the window oldest first).
    sdk::SteadyStateResult result() const;

private:
    struct Totals {
        std::uint64_t ios = 0;
        std::uint64_t bytes = 0;
    };
    Totals member_totals() const;
    void record(std::uint64_t iops, std::uint64_t bw);
    // The last `duration_s` samples of `ring`, oldest first (zeros for unmeasured slots).
    std::vector<std::uint64_t> window(const std::vector<std::uint64_t>& ring) const;
    void judge();

    const SteadyStateSpec spec_;
    std::vector<const LiveProgress*> members_;
    mutable std::mutex mutex_;
    std::atomic<bool> attained_{false};

    bool started_ = false;
    std::uint64_t collect_from_ns_ = 0;  // start + ss_ramp
    bool have_baseline_ = false;
    std::uint64_t baseline_ns_ = 0;      // when the sample being collected began
    Totals baseline_;
    std::vector<std::uint64_t> iops_ring_;
    std::vector<std::uint64_t> bw_ring_;
    std::size_t next_slot_ = 0;
    std::uint64_t samples_ = 0;
    double criterion_ = 0;
    double max_deviation_ = 0;
    double slope_ = 0;
};

// Gives each plan whose job asked for steady-state detection its detector: its own, or
// its reporting group's under group_reporting.
void attach_steady_state(std::vector<ThreadPlan>& plans);

}  // namespace fio::core
