// Puts a job thread where its options say: on its CPUs (cpus_allowed or cpumask, one
// each with cpus_allowed_policy=split), on its NUMA nodes' CPUs (numa_cpu_nodes), with
// its NUMA memory policy (numa_mem_policy) and nice value. All of it applies to the
// calling thread only, so it runs first thing in the job thread, before the buffers are
// allocated (they then come from the policy's nodes).
#pragma once

#include "run/thread_plan.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace fio::core {

// Sets every plan's CPUs (split hands the allowed CPUs out in turn, by thread number
// across all jobs, as stock fio) and checks its NUMA nodes exist. Throws RunSetupError.
void plan_placement(std::vector<ThreadPlan>& plans);

struct PlacementError : std::runtime_error {
    PlacementError(int error_number, const std::string& what)
        : std::runtime_error(what), error(error_number) {}
    int error;
};

// Applies the plan's placement to the calling thread. Throws PlacementError.
void apply_placement(const ThreadPlan& plan);

// Puts the calling thread on `cpus`. Throws PlacementError naming `option`.
void run_on_cpus(const std::vector<std::uint32_t>& cpus, const char* option);

}  // namespace fio::core
