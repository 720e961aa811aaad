// How the text report marks what each server of a client run (fio --client) produced.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace fio::outputs::normal {

// "<127.0.0.1:8765> " for a host label, "" for a local run's empty one.
inline std::string host_prefix(std::string_view client_host) {
    if (client_host.empty()) return {};
    std::string out = "<";
    out += client_host;
    out += "> ";
    return out;
}

// The distinct non-empty client_host labels of `items` (JobDescription, JobResult,
// GroupResult...), in the order they first appear: each host's output is one block, in
// the order the client delivered the hosts.
template <typename Items>
std::vector<std::string> hosts_in_order(const Items& items) {
    std::vector<std::string> hosts;
    for (const auto& item : items) {
        if (!item.client_host.empty() &&
            std::find(hosts.begin(), hosts.end(), item.client_host) == hosts.end())
            hosts.push_back(item.client_host);
    }
    return hosts;
}

}  // namespace fio::outputs::normal
