// Where a job runs: CPUs (cpus_allowed / cpumask and cpus_allowed_policy), NUMA nodes
// (numa_cpu_nodes, numa_mem_policy) and scheduling priority (nice). Node numbers are
// checked against the machine when the run is planned, as stock fio checks them when
// the job starts; CPU numbers when the option is parsed, as stock does.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace fio::core {

enum class CpusPolicy { shared, split };
enum class NumaMemMode { none, default_policy, prefer, bind, interleave, local };

// A NUMA node list: "all", or numbers and A-B ranges separated by commas.
struct NodeList {
    bool all = false;
    std::vector<std::uint32_t> nodes;  // ascending, no repeats (when not `all`)

    bool operator==(const NodeList&) const = default;
};

struct PlacementSpec {
    std::vector<std::uint32_t> cpus;   // ascending, no repeats; empty: not restricted
    CpusPolicy cpus_policy = CpusPolicy::shared;
    std::optional<NodeList> numa_cpu_nodes;
    NumaMemMode numa_mem_mode = NumaMemMode::none;  // none: numa_mem_policy not given
    NodeList numa_mem_nodes;           // empty for default and local
    std::optional<int> nice;           // added to the thread's nice value, as nice(2)

    bool operator==(const PlacementSpec&) const = default;
};

}  // namespace fio::core
