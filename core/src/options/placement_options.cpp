// fio's job placement options: CPUs, NUMA nodes and nice.
#include "jobs/placement_spec.hpp"
#include "options/cpu_list.hpp"
#include "options/option_tables.hpp"

#include <sys/sysinfo.h>

#include <array>

namespace fio::core {
namespace {

using sdk::kNoMax;
using sdk::OptionType;

constexpr const char* kCategory = "Threads, processes and job synchronization";

std::uint32_t machine_cpus() { return static_cast<std::uint32_t>(get_nprocs_conf()); }

const std::array kPlacementOptions = {
    CoreOption{{"cpus_allowed", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "CPUs the job may run on, e.g. 0,5,8-15", kCategory, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.placement.cpus = parse_cpu_list(v.text, machine_cpus());
               }},
    CoreOption{{"cpumask", nullptr, OptionType::integer, nullptr, 0, kNoMax, nullptr,
                "Bit mask of the CPUs the job may run on (bit 0 is CPU 0)", kCategory, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.placement.cpus =
                       cpus_of_mask(static_cast<std::uint64_t>(v.integer), machine_cpus());
               }},
    CoreOption{{"cpus_allowed_policy", nullptr, OptionType::choice, "shared", 0, 0,
                "shared,split",
                "shared: every thread may use all the allowed CPUs; split: each thread gets "
                "one of them, in turn",
                kCategory, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.placement.cpus_policy = v.integer == 0 ? CpusPolicy::shared : CpusPolicy::split;
               }},
    CoreOption{{"numa_cpu_nodes", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Run the job on the CPUs of these NUMA nodes: all, or e.g. 0,2-3", kCategory,
                nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.placement.numa_cpu_nodes = parse_node_list(v.text);
               }},
    CoreOption{{"numa_mem_policy", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "NUMA memory policy of the job: default, local, prefer:N, bind[:nodes] or "
                "interleave[:nodes]",
                kCategory, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   parse_numa_mem_policy(v.text, j.placement.numa_mem_mode,
                                         j.placement.numa_mem_nodes);
               }},
    CoreOption{{"nice", nullptr, OptionType::integer, "0", -20, 19, nullptr,
                "Run the job at this nice increment (see nice(2))", kCategory, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.placement.nice = static_cast<int>(v.integer);
               }},
};

}  // namespace

std::span<const CoreOption> placement_options() { return kPlacementOptions; }

}  // namespace fio::core
