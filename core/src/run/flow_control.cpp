#include "run/flow_control.hpp"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <ctime>
#include <map>

namespace fio::core {
namespace {

// std::atomic<uint32_t> is a plain 32-bit word: the kernel's futex calls work on it.
std::uint32_t* futex_word(std::atomic<std::uint32_t>& word) noexcept {
    static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
    return reinterpret_cast<std::uint32_t*>(&word);
}

}  // namespace

void FlowMember::join() noexcept {
    if (!flow_ || joined_) return;
    joined_ = true;
    flow_->weight.fetch_add(weight_, std::memory_order_relaxed);
}

void FlowMember::leave() noexcept {
    if (!flow_ || !joined_) return;
    joined_ = false;
    // The flow's counters then describe the members still running, so their shares
    // stay meaningful after this one ends.
    flow_->weight.fetch_sub(weight_, std::memory_order_seq_cst);
    flow_->ios.fetch_sub(own_, std::memory_order_seq_cst);
    own_ = 0;
    // The others' shares grew: whoever sleeps looks again.
    if (flow_->waiters.load(std::memory_order_seq_cst) != 0) wake_waiters();
}

void FlowMember::wait_for_turn(std::uint64_t timeout_ns) noexcept {
    flow_->waiters.fetch_add(1, std::memory_order_seq_cst);
    const std::uint32_t seen = flow_->progress.load(std::memory_order_seq_cst);
    // Looked at after counting in: an I/O counted before this load is seen here, one
    // counted after it finds a waiter and bumps `progress`, so no wake-up is lost.
    const std::uint64_t shared = flow_->ios.load(std::memory_order_seq_cst);
    const std::uint32_t total = flow_->weight.load(std::memory_order_seq_cst);
    if (over_flow_share(own_, shared, weight_, total) && timeout_ns > 0) {
        const timespec timeout{static_cast<time_t>(timeout_ns / 1'000'000'000),
                               static_cast<long>(timeout_ns % 1'000'000'000)};
        ::syscall(SYS_futex, futex_word(flow_->progress), FUTEX_WAIT_PRIVATE, seen, &timeout,
                  nullptr, 0);
    }
    flow_->waiters.fetch_sub(1, std::memory_order_seq_cst);
}

void FlowMember::wake_waiters() noexcept {
    flow_->progress.fetch_add(1, std::memory_order_seq_cst);
    ::syscall(SYS_futex, futex_word(flow_->progress), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr,
              nullptr, 0);
}

void attach_flows(std::vector<ThreadPlan>& plans) {
    std::map<std::uint64_t, std::shared_ptr<Flow>> flows;
    for (auto& plan : plans) {
        const PacingSpec& pacing = plan.job->pacing;
        if (pacing.flow_weight == 0) continue;
        auto& flow = flows[pacing.flow_id];
        if (!flow) flow = std::make_shared<Flow>();
        plan.flow = flow;
    }
}

}  // namespace fio::core
