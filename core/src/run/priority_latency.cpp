#include "run/priority_latency.hpp"

#include <fio/sdk/io_priority.hpp>

#include <algorithm>
#include <new>

namespace fio::core {

namespace {

void add_once(std::vector<std::uint16_t>& prios, std::uint16_t value) {
    if (std::find(prios.begin(), prios.end(), value) == prios.end()) prios.push_back(value);
}

}  // namespace

std::vector<std::uint16_t> priorities_in_play(const JobSpec& job,
                                              const sdk::OptionValues* engine_options,
                                              int direction) {
    std::vector<std::uint16_t> prios{job.priority.value()};
    // cmdprio applies to reads and writes only, as stock's.
    if (engine_options == nullptr || direction > 1) return prios;
    const auto io_class = engine_options->get_int("cmdprio_class", IOPRIO_CLASS_RT);
    const auto level = engine_options->get_int("cmdprio", 0);
    const auto cmdprio = static_cast<std::uint16_t>(IOPRIO_PRIO_VALUE(io_class, level));
    if (engine_options->get_int("cmdprio_percentage", 0) > 0) {
        add_once(prios, cmdprio);
        return prios;
    }
    const std::string_view bssplit = engine_options->get_string("cmdprio_bssplit", "");
    if (bssplit.empty()) return prios;
    sdk::CommandPrioritySplit split;
    if (!sdk::parse_cmdprio_bssplit(bssplit, cmdprio, split).empty()) return prios;  // the engine refuses it
    for (const sdk::CommandPriorityShare& share : split[static_cast<std::size_t>(direction)]) {
        if (share.percentage != 0) add_once(prios, share.value);
    }
    return prios;
}

void PriorityLatencyRecorder::start(const JobSpec& job, const sdk::OptionValues* engine_options,
                                    sdk::JobResult& result, bool total_latency) {
    lists_ = &result.priority_latency;
    total_latency_ = total_latency;
    active_ = false;
    for (int dir = 0; dir < 3; ++dir) {
        const std::vector<std::uint16_t> prios = priorities_in_play(job, engine_options, dir);
        active_ = active_ || prios.size() > 1;
        auto& list = result.priority_latency[static_cast<std::size_t>(dir)];
        list.clear();
        for (std::uint16_t value : prios) list.push_back(sdk::PriorityLatency{value, {}});
    }
    if (!active_) {
        for (auto& list : result.priority_latency) list.clear();
    }
}

void PriorityLatencyRecorder::restart() noexcept {
    if (lists_ == nullptr) return;
    for (auto& list : *lists_) {
        for (sdk::PriorityLatency& p : list) p.latency = sdk::LatencyStats{};
    }
}

void PriorityLatencyRecorder::add_unlisted(int direction, std::uint16_t ioprio,
                                           std::uint64_t ns) noexcept {
    try {
        auto& list = (*lists_)[static_cast<std::size_t>(direction)];
        list.push_back(sdk::PriorityLatency{ioprio, {}});
        list.back().latency.add(ns);
    } catch (const std::bad_alloc&) {
        // Out of memory for one more priority: its I/Os stay counted in the totals.
    }
}

}  // namespace fio::core
