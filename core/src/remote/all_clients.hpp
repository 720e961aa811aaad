// The "All clients" view of a client run: every host's jobs of a reporting group
// merged into one result (exact: counts add, histograms add bucket by bucket, so its
// percentiles are those of all the I/Os of every host), and the live status summed.
#pragma once

#include <fio/sdk/result.hpp>

#include <vector>

namespace fio::core {

struct HostResults {
    const std::vector<sdk::JobResult>* jobs = nullptr;
    const std::vector<sdk::GroupResult>* groups = nullptr;
};

struct AllClients {
    std::vector<sdk::JobResult> jobs;     // one per group id, named "All clients"
    std::vector<sdk::GroupResult> groups;  // one per group id
};

AllClients merge_all_clients(const std::vector<HostResults>& hosts);

// One status line's worth for all hosts: rates and counts add, the ETA is the
// longest, the progress the mean of the hosts'.
sdk::StatusUpdate sum_status(const std::vector<sdk::StatusUpdate>& updates);

}  // namespace fio::core
