#include "remote/all_clients.hpp"

#include "stats/group_totals.hpp"

#include <algorithm>
#include <map>

namespace fio::core {

AllClients merge_all_clients(const std::vector<HostResults>& hosts) {
    std::map<std::uint32_t, std::vector<const sdk::JobResult*>> members;
    std::uint32_t kb_base = 1024;
    bool kb_base_known = false;
    for (const HostResults& host : hosts) {
        for (const sdk::JobResult& job : *host.jobs) members[job.groupid].push_back(&job);
        if (!kb_base_known && host.groups && !host.groups->empty()) {
            kb_base = host.groups->front().kb_base;
            kb_base_known = true;
        }
    }
    AllClients all;
    for (const auto& [groupid, jobs] : members) {
        sdk::JobResult merged = *jobs.front();
        for (std::size_t i = 1; i < jobs.size(); ++i) merged.merge(*jobs[i]);
        merged.name = "All clients";
        merged.description.clear();
        merged.client_host.clear();
        merged.all_clients = true;
        all.jobs.push_back(std::move(merged));

        sdk::GroupResult group = compute_group_totals(groupid, jobs, kb_base);
        group.client_host.clear();
        group.all_clients = true;
        all.groups.push_back(std::move(group));
    }
    return all;
}

sdk::StatusUpdate sum_status(const std::vector<sdk::StatusUpdate>& updates) {
    sdk::StatusUpdate sum;
    if (updates.empty()) return sum;
    double percent = 0;
    for (const auto& update : updates) {
        sum.jobs_running += update.jobs_running;
        sum.files_open += update.files_open;
        sum.job_states += update.job_states;
        percent += update.percent_done;
        for (std::size_t d = 0; d < sum.bw_bytes.size(); ++d) {
            sum.bw_bytes[d] += update.bw_bytes[d];
            sum.iops[d] += update.iops[d];
        }
        sum.eta_s = std::max(sum.eta_s, update.eta_s);
        sum.elapsed_ms = std::max(sum.elapsed_ms, update.elapsed_ms);
    }
    sum.percent_done = percent / static_cast<double>(updates.size());
    return sum;
}

}  // namespace fio::core
