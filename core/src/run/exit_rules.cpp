#include "run/exit_rules.hpp"

#include <fio/sdk/plugin.hpp>

namespace fio::core {

void end_jobs_after(std::size_t ended, const std::vector<std::unique_ptr<JobThread>>& threads,
                    const std::vector<bool>& started, const std::vector<bool>& finished) {
    const JobSpec& job = *threads[ended]->plan().job;
    const bool failed = threads[ended]->result().error != 0;
    ExitWhat what;
    if (failed && job.pacing.exitall_on_error) {
        what = ExitWhat::all;
    } else if (job.pacing.exitall) {
        what = job.pacing.exit_what;
    } else {
        return;
    }
    for (std::size_t i = 0; i < threads.size(); ++i) {
        if (i == ended || finished[i]) continue;
        const bool ends = what == ExitWhat::all ||
                          (what == ExitWhat::stonewall && started[i]) ||
                          (what == ExitWhat::group && threads[i]->plan().job->group == job.group);
        if (ends) threads[i]->terminate();
    }
}

void end_jobs_waiting_for_io(const std::vector<std::unique_ptr<JobThread>>& threads,
                             const std::vector<bool>& finished) {
    for (std::size_t i = 0; i < threads.size(); ++i) {
        const auto& engine = threads[i]->plan().engine_plugin;
        const bool moves_data = !engine || (engine->descriptor().flags & sdk::kEngineNoData) == 0;
        if (moves_data && !finished[i]) return;  // running, or still to start
    }
    for (std::size_t i = 0; i < threads.size(); ++i) {
        if (!finished[i] && threads[i]->ends_with_io_jobs()) threads[i]->terminate();
    }
}

}  // namespace fio::core
