#include "run/buffer_plan.hpp"

#include "run/run_plan.hpp"
#include "workload/buffer_filler.hpp"

#include <fio/sdk/clock.hpp>

#include <fmt/format.h>

namespace fio::core {
namespace {

std::uint64_t mix(std::uint64_t x) noexcept {
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDull;
    x ^= x >> 33;
    x *= 0xC4CEB9FE1A85EC53ull;
    return x ^ (x >> 33);
}

bool uses_working_set(const JobSpec& job) {
    return job.buffers.dedupe_percentage > 0 && job.buffers.dedupe_mode == DedupeMode::working_set;
}

// As stock fio: the working set is a share of the one file's size, in write blocks.
std::size_t working_set_blocks(const ThreadPlan& plan) {
    const JobSpec& job = *plan.job;
    if (job.size == 0) {
        throw RunSetupError(fmt::format("{}: job '{}': dedupe_mode=working_set needs size= to be set",
                                        job.where.describe(), job.name));
    }
    if (plan.paths.size() > 1) {
        throw RunSetupError(fmt::format(
            "{}: job '{}': dedupe_mode=working_set works with one file per job, not {}",
            job.where.describe(), job.name, plan.paths.size()));
    }
    const std::uint64_t bytes = plan.bytes_per_file * job.buffers.dedupe_working_set_percentage / 100;
    return std::max<std::size_t>(1, bytes / job.block_size[1]);
}

}  // namespace

void plan_buffer_contents(std::vector<ThreadPlan>& plans) {
    // Every clone of every job gets its own seed; randrepeat=0 (without randseed= or
    // allrandrepeat=1) also varies it by run.
    const std::uint64_t run_salt = sdk::monotonic_ns();
    for (std::size_t i = 0; i < plans.size(); ++i) {
        const JobSpec& job = *plans[i].job;
        plans[i].buffer_seed = mix(job.randseed ^ mix(i + 1) ^ (job.repeatable_random() ? 0 : run_salt));
    }
    auto global = std::make_shared<std::vector<std::uint64_t>>();
    for (auto& plan : plans) {
        if (!uses_working_set(*plan.job)) continue;
        auto own = std::make_shared<std::vector<std::uint64_t>>(
            first_unique_block_seeds(plan.buffer_seed, working_set_blocks(plan)));
        if (plan.job->buffers.dedupe_global) {
            global->insert(global->end(), own->begin(), own->end());
            plan.dedupe_working_set = global;
        } else {
            plan.dedupe_working_set = std::move(own);
        }
    }
}

}  // namespace fio::core
