// Lists of CPU and NUMA node numbers as fio writes them: "0,5,8-15" (empty entries
// skipped, as stock fio does), and for nodes also "all"; and cpumask's bit mask.
#pragma once

#include "jobs/placement_spec.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace fio::core {

// Ascending CPU numbers, each below `cpu_count`. Throws ValueError naming the text.
std::vector<std::uint32_t> parse_cpu_list(std::string_view text, std::uint32_t cpu_count);

// The CPUs whose bits are set in `mask`, each below `cpu_count`. Throws ValueError.
std::vector<std::uint32_t> cpus_of_mask(std::uint64_t mask, std::uint32_t cpu_count);

// A node list; the node numbers are checked against the machine later. Throws ValueError.
NodeList parse_node_list(std::string_view text);

// numa_mem_policy's "mode[:nodes]". Throws ValueError.
void parse_numa_mem_policy(std::string_view text, NumaMemMode& mode, NodeList& nodes);

}  // namespace fio::core
