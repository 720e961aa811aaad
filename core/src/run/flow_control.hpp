// Flow control between jobs (flow_id=, flow=, flow_sleep=): the job threads of one
// flow_id issue I/Os in the ratio of their weights. Each flow keeps two shared
// counters, the I/Os its members issued and the sum of their weights; a member may
// issue its next I/O while its own count is at most its weight's share of the flow's
// count, as stock fio 3.33 decides it. Counters are lock-free atomics: one relaxed
// load of each and one add per I/O.
//
// Membership follows what runs: a job joins its flow when its thread is started
// (before its startdelay, as stock registers it at setup) and leaves when its thread
// ends, taking its weight and its I/Os out of the flow. Stock keeps the weight of a
// job in a later stonewall group from the start, so the earlier jobs of its flow can
// never issue and the run hangs; here a later group joins when it starts.
//
// A member held back with nothing in flight sleeps until another member issues (or
// leaves), instead of spinning: on a busy machine a spinning pair hands the turn over
// only as often as the scheduler runs both, which held a rate-capped member below its
// rate (894 of 1000 IOPS in fio's t0011 under load). Issuing wakes sleepers only when
// there are any, so a flow that holds nobody back pays one more load per I/O.
//
// Weights are unsigned 32-bit numbers in stock's arithmetic: a negative flow= (the
// syntax before fio 3.24) becomes 2^32 - n and wraps the total, which in practice
// leaves every job of that flow unthrottled. The same arithmetic is kept here.
#pragma once

#include "run/thread_plan.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace fio::core {

// True when a member that issued `own` of the flow's `shared` I/Os is past its share
// `weight` / `total`, i.e. own / shared > weight / total, computed exactly. Nothing
// issued yet (shared == 0) is never past; a total that wrapped to 0 never holds back.
constexpr bool over_flow_share(std::uint64_t own, std::uint64_t shared, std::uint32_t weight,
                               std::uint32_t total) noexcept {
    if (shared == 0 || total == 0) return false;
    return static_cast<unsigned __int128>(own) * total >
           static_cast<unsigned __int128>(weight) * shared;
}

// The shared state of one flow_id.
struct Flow {
    std::atomic<std::uint64_t> ios{0};      // issued by the current members
    std::atomic<std::uint32_t> weight{0};   // sum of the members' weights (wraps as stock's)
    std::atomic<std::uint32_t> waiters{0};  // members asleep in wait_for_turn()
    std::atomic<std::uint32_t> progress{0}; // the futex word they sleep on
};

// One job thread's place in its flow. Only that thread checks and counts; join() and
// leave() bracket the thread's life.
class FlowMember {
public:
    FlowMember() = default;  // not flow-controlled
    FlowMember(std::shared_ptr<Flow> flow, std::int32_t weight) noexcept
        : flow_(std::move(flow)), weight_(static_cast<std::uint32_t>(weight)) {}

    bool active() const noexcept { return flow_ != nullptr; }

    void join() noexcept;
    // Takes this member's weight and I/Os out of the flow; idempotent.
    void leave() noexcept;

    // False when the member is past its share. Counts nothing: the loop calls
    // count_issue() once the engine has taken the I/O, so an I/O the engine turns away
    // (busy) or that never comes (no work left) does not count against the member.
    bool within_share() noexcept {
        const std::uint64_t shared = flow_->ios.load(std::memory_order_relaxed);
        const std::uint32_t total = flow_->weight.load(std::memory_order_relaxed);
        if (total != seen_total_) [[unlikely]] {
            seen_total_ = total;
            members_changed_ = true;
        }
        return !over_flow_share(own_, shared, weight_, total);
    }

    void count_issue() noexcept {
        // Sequentially consistent with wait_for_turn()'s, so that either the sleeper
        // sees this I/O or this sees the sleeper (on x86 as cheap as relaxed).
        flow_->ios.fetch_add(1, std::memory_order_seq_cst);
        ++own_;
        if (flow_->waiters.load(std::memory_order_seq_cst) != 0) [[unlikely]] wake_waiters();
    }

    // Held back with nothing in flight: sleeps until another member issues or leaves,
    // or `timeout_ns` passed (the caller checks its stop flags and runtime then).
    void wait_for_turn(std::uint64_t timeout_ns) noexcept;

    // within_share(), and if so count_issue(): true when the I/O may go.
    bool may_issue() noexcept {
        if (!within_share()) return false;
        count_issue();
        return true;
    }

    std::uint64_t issued() const noexcept { return own_; }

    // True once after within_share() first saw the flow's total weight change, i.e. a job
    // joined or left the flow (a leave and a join of equal weights in between two
    // checks go unseen, which only costs the pacer's drop_flow_backlog).
    bool members_changed() noexcept { return std::exchange(members_changed_, false); }

private:
    void wake_waiters() noexcept;

    std::shared_ptr<Flow> flow_;
    std::uint32_t weight_ = 0;
    std::uint64_t own_ = 0;
    bool joined_ = false;
    std::uint32_t seen_total_ = 0;  // the flow's total weight at the last check
    bool members_changed_ = false;
};

// Gives each plan whose job has a flow weight the Flow of its flow_id (one per id
// across the run).
void attach_flows(std::vector<ThreadPlan>& plans);

}  // namespace fio::core
