#include "run/placement.hpp"

#include "run/run_plan.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <numa.h>
#include <numaif.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace fio::core {
namespace {

bool uses_numa(const PlacementSpec& p) {
    return p.numa_cpu_nodes.has_value() || p.numa_mem_mode != NumaMemMode::none;
}

// The machine's nodes a list names ("all": every node with memory or CPUs).
std::vector<std::uint32_t> machine_nodes(const NodeList& list) {
    if (!list.all) return list.nodes;
    std::vector<std::uint32_t> nodes;
    for (int node = 0; node <= numa_max_node(); ++node) {
        if (numa_bitmask_isbitset(numa_all_nodes_ptr, static_cast<unsigned>(node))) {
            nodes.push_back(static_cast<std::uint32_t>(node));
        }
    }
    return nodes;
}

void check_nodes(const JobSpec& job, const char* option, const NodeList& list) {
    const int max_node = numa_max_node();
    for (std::uint32_t node : list.nodes) {
        if (static_cast<int>(node) > max_node) {
            throw RunSetupError(fmt::format(
                "{}: job '{}': {}: NUMA node {} does not exist (this machine has nodes 0-{})",
                job.where.describe(), job.name, option, node, max_node));
        }
    }
}

[[noreturn]] void fail(const char* what) {
    const int error = errno;
    throw PlacementError(error, fmt::format("{}: {}", what, std::strerror(error)));
}

std::vector<std::uint32_t> cpus_of_nodes(const std::vector<std::uint32_t>& nodes) {
    std::vector<std::uint32_t> cpus;
    bitmask* mask = numa_allocate_cpumask();
    for (std::uint32_t node : nodes) {
        if (numa_node_to_cpus(static_cast<int>(node), mask) != 0) {
            numa_free_cpumask(mask);
            fail("numa_cpu_nodes: cannot read the node's CPUs");
        }
        for (unsigned cpu = 0; cpu < mask->size; ++cpu) {
            if (numa_bitmask_isbitset(mask, cpu)) cpus.push_back(cpu);
        }
    }
    numa_free_cpumask(mask);
    std::sort(cpus.begin(), cpus.end());
    cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
    return cpus;
}

void set_memory_policy(NumaMemMode mode, const std::vector<std::uint32_t>& nodes) {
    constexpr unsigned kBitsPerWord = 8 * sizeof(unsigned long);
    std::vector<unsigned long> mask(1 + (nodes.empty() ? 0 : nodes.back() / kBitsPerWord), 0);
    for (std::uint32_t node : nodes) mask[node / kBitsPerWord] |= 1ul << (node % kBitsPerWord);
    int policy = MPOL_DEFAULT;
    switch (mode) {
        case NumaMemMode::none: return;
        case NumaMemMode::default_policy: policy = MPOL_DEFAULT; break;
        case NumaMemMode::prefer: policy = MPOL_PREFERRED; break;
        case NumaMemMode::bind: policy = MPOL_BIND; break;
        case NumaMemMode::interleave: policy = MPOL_INTERLEAVE; break;
        case NumaMemMode::local: policy = MPOL_LOCAL; break;
    }
    const bool with_nodes = policy != MPOL_DEFAULT && policy != MPOL_LOCAL;
    // maxnode counts bits, plus one: the kernel reads maxnode - 1 of them.
    if (set_mempolicy(policy, with_nodes ? mask.data() : nullptr,
                      with_nodes ? mask.size() * kBitsPerWord + 1 : 0) != 0) {
        fail("numa_mem_policy: cannot set the memory policy");
    }
}

// nice(2) for this thread alone: its nice value moves by `increment`, within -20..19.
void add_nice(int increment) {
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    errno = 0;
    const int current = ::getpriority(PRIO_PROCESS, tid);
    if (current == -1 && errno != 0) fail("nice: cannot read the nice value");
    const int wanted = std::clamp(current + increment, -20, 19);
    if (::setpriority(PRIO_PROCESS, tid, wanted) != 0) fail("nice: cannot set the nice value");
}

}  // namespace

void plan_placement(std::vector<ThreadPlan>& plans) {
    for (std::size_t i = 0; i < plans.size(); ++i) {
        const JobSpec& job = *plans[i].job;
        const PlacementSpec& placement = job.placement;
        plans[i].cpus = placement.cpus;
        if (placement.cpus_policy == CpusPolicy::split && !placement.cpus.empty()) {
            plans[i].cpus = {placement.cpus[i % placement.cpus.size()]};
        }
        if (!uses_numa(placement)) continue;
        if (numa_available() < 0) {
            throw RunSetupError(fmt::format("{}: job '{}': NUMA is not available on this machine",
                                            job.where.describe(), job.name));
        }
        if (placement.numa_cpu_nodes) check_nodes(job, "numa_cpu_nodes", *placement.numa_cpu_nodes);
        check_nodes(job, "numa_mem_policy", placement.numa_mem_nodes);
    }
}

void run_on_cpus(const std::vector<std::uint32_t>& cpus, const char* option) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (std::uint32_t cpu : cpus) CPU_SET(cpu, &set);
    if (::sched_setaffinity(0, sizeof set, &set) != 0) {
        const int error = errno;
        throw PlacementError(error, fmt::format("{}: cannot run on CPUs {}: {}", option,
                                                fmt::join(cpus, ","), std::strerror(error)));
    }
}

void apply_placement(const ThreadPlan& plan) {
    const PlacementSpec& placement = plan.job->placement;
    if (!plan.cpus.empty()) run_on_cpus(plan.cpus, "cpus_allowed");
    if (placement.numa_cpu_nodes) {
        run_on_cpus(cpus_of_nodes(machine_nodes(*placement.numa_cpu_nodes)), "numa_cpu_nodes");
    }
    if (placement.numa_mem_mode != NumaMemMode::none) {
        set_memory_policy(placement.numa_mem_mode, machine_nodes(placement.numa_mem_nodes));
    }
    if (placement.nice && *placement.nice != 0) add_nice(*placement.nice);
}

}  // namespace fio::core
