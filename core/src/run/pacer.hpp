// Pacing of one job thread's I/O: rate limits (rate=, rate_iops=, rate_process=),
// their minimums (rate_min=, rate_iops_min=), think time (thinktime*) and the I/O
// count limit (number_ios=). The I/O loop asks it before taking each I/O and tells it
// what was issued and completed; it never touches the engine. A job with none of
// these options has an inactive pacer and the loop does not call it at all.
//
// What holds an I/O back is a PacingHold. The loop first deals with its in-flight
// I/O as the hold asks (drain it all, or keep reaping until the hold's time), then
// calls wait() to sleep out the rest.
//
// io_submit_mode: in stock fio, offload hands submission to helper threads so that a
// slow device cannot delay the rate schedule. Here the same decoupling comes from the
// engine's own queue: with offload the loop keeps its I/Os in flight while it waits
// for the next issue time and reaps completions in the meantime; with inline (the
// default) it drains the queue before it sleeps, as stock does. An engine that
// completes each I/O inside submission (psync, sync, null at iodepth=1) cannot be
// decoupled that way, so offload with a rate is refused for it; without a rate,
// offload changes nothing and is accepted (stock's t0013 runs null at iodepth=1 so).
#pragma once

#include "jobs/job_spec.hpp"
#include "stats/min_rate_check.hpp"
#include "workload/rate_schedule.hpp"

#include <fio/sdk/engine.hpp>
#include <fio/sdk/result.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace fio::core {

struct PacingHold {
    enum class Kind : std::uint8_t { none, rate, think, failed };
    Kind kind = Kind::none;
    std::uint64_t until_ns = 0;   // rate: when the next I/O is due (monotonic ns)
    bool quiesce = false;         // complete every in-flight I/O before waiting

    explicit operator bool() const noexcept { return kind != Kind::none; }
};

// Options that contradict each other ("rate_min above rate"); the message says which.
class PacingError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Checks a job's pacing options before anything runs. Throws PacingError.
void check_pacing(const JobSpec& job);

class Pacer {
public:
    // `queues_io`: the engine can keep I/Os in flight (not completes_in_queue).
    // Throws PacingError when the job asks for what this engine cannot do.
    Pacer(const JobSpec& job, bool queues_io, std::uint64_t seed);

    bool active() const noexcept { return active_; }

    // The job's I/O starts now: every schedule counts from here.
    void start(std::uint64_t now);

    // What keeps the next I/O back at `now`, if anything. `result` feeds the minimum
    // rate check; on Kind::failed, failure() says why.
    PacingHold hold(std::uint64_t now, const sdk::JobResult& result);
    const std::string& failure() const noexcept { return failure_; }

    // The direction of the next I/O: `wanted` (rwmix's pick) unless its rate is ahead
    // and the other direction of a mixed job is due, as fio switches.
    // Uses the time of the last hold().
    sdk::IoDirection steer(sdk::IoDirection wanted) const noexcept;

    // number_ios reached: the job takes no more I/Os.
    bool enough_ios() const noexcept { return ios_budget_ && ios_issued_ >= ios_budget_; }

    void issued(sdk::IoDirection direction, std::uint64_t bytes) noexcept;

    // The job's flow (flow=) changed members at `now`, and the flow had held the job
    // back for `held_ns` since it last changed. The part of the rate backlog that the
    // flow caused (at most `held_ns`) is not owed any more: otherwise a job its flow
    // kept below its cap would burst up to that cap as soon as its partners end, and
    // the flow's ratio would hang on how many ms apart the jobs ended. Backlog from
    // other causes (a slow device, a think time) is still caught up, as in fio.
    // Stock fio 3.33 catches up the whole backlog here.
    void drop_flow_backlog(std::uint64_t now, std::uint64_t held_ns) noexcept;
    void completed() noexcept { ++completed_since_think_; }

    // Sleeps (or spins, for thinktime_spin) out `hold` once the loop has dealt with
    // its in-flight I/O; never past `deadline_ns` and never long after `stop` or
    // `terminate` is set. Returns the time after.
    std::uint64_t wait(const PacingHold& hold, std::uint64_t now, std::uint64_t deadline_ns,
                       const std::atomic<bool>& stop, const std::atomic<bool>& terminate);

private:
    bool think_due(std::uint64_t now) const noexcept;
    // When the next I/O of direction `dir` is due (monotonic ns; 0: unlimited).
    std::uint64_t due(int dir) const noexcept;
    std::uint64_t think(std::uint64_t now, std::uint64_t deadline_ns, const std::atomic<bool>& stop,
                        const std::atomic<bool>& terminate);

    const PacingSpec& spec_;
    bool active_ = false;
    bool offload_ = false;
    std::array<bool, 3> directions_{};   // the directions the job does
    std::array<RateSchedule, 3> schedules_;
    bool rate_limited_ = false;
    MinRateCheck min_rate_;
    std::string failure_;
    std::uint64_t start_ns_ = 0;
    std::uint64_t now_ = 0;              // the time of the last hold()

    std::uint64_t ios_budget_ = 0;       // number_ios over all loops; 0: none
    bool trims_uncounted_ = false;       // trimwrite: number_ios counts the writes
    std::uint64_t ios_issued_ = 0;

    bool thinks_ = false;
    bool think_by_blocks_ = false;
    std::uint64_t issued_since_think_ = 0;
    std::uint64_t completed_since_think_ = 0;
    std::uint64_t io_since_ns_ = 0;      // when I/O resumed after the last think time
};

}  // namespace fio::core
