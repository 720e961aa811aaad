#include "run/flow_control.hpp"

#include <map>

namespace fio::core {

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
    flow_->weight.fetch_sub(weight_, std::memory_order_relaxed);
    flow_->ios.fetch_sub(own_, std::memory_order_relaxed);
    own_ = 0;
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
