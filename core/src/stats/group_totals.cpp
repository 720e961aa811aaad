#include "stats/group_totals.hpp"

#include <algorithm>

namespace fio::core {

sdk::GroupResult compute_group_totals(std::uint32_t groupid,
                                      const std::vector<const sdk::JobResult*>& jobs,
                                      std::uint32_t kb_base) {
    sdk::GroupResult group;
    group.groupid = groupid;
    group.kb_base = kb_base;
    // fio prints a group's totals with the figures of the group's last job.
    if (!jobs.empty()) group.significant_figures = jobs.back()->reporting.significant_figures;
    if (!jobs.empty()) group.unified_rw = jobs.front()->reporting.unified_rw;
    if (!jobs.empty()) group.unit_base = jobs.front()->reporting.unit_base;
    for (std::size_t dir = 0; dir < group.directions.size(); ++dir) {
        sdk::GroupDirection& totals = group.directions[dir];
        bool any = false;
        for (const sdk::JobResult* job : jobs) {
            const sdk::DirectionResult& d = job->directions[dir];
            // Every byte counts, even a job too quick to last a millisecond; only a
            // job with a runtime has a bandwidth and a runtime to compare.
            totals.io_bytes += d.io_bytes;
            const std::uint64_t runtime_ms = d.runtime_ms();
            if (runtime_ms == 0) continue;
            const std::uint64_t bw = d.io_bytes * 1000 / runtime_ms;
            totals.min_runtime_ms = any ? std::min(totals.min_runtime_ms, runtime_ms) : runtime_ms;
            totals.max_runtime_ms = std::max(totals.max_runtime_ms, runtime_ms);
            totals.min_bw_bytes = any ? std::min(totals.min_bw_bytes, bw) : bw;
            totals.max_bw_bytes = std::max(totals.max_bw_bytes, bw);
            any = true;
        }
        if (totals.max_runtime_ms > 0) {
            totals.agg_bw_bytes = totals.io_bytes * 1000 / totals.max_runtime_ms;
        }
    }
    return group;
}

}  // namespace fio::core
