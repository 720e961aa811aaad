// exitall, exit_what and exitall_on_error: which jobs end when one job ends.
//   exit_what=group      every job of the ended job's reporting group
//   exit_what=stonewall  every job running at that moment, whatever its group; the
//                        jobs after the next stonewall still run
//   exit_what=all        every job, and those not started yet start only to end at once
// exitall_on_error ends all jobs when the job ends with an error.
// exit_on_io_done (cpuio) ends a job once the run's I/O jobs are all done.
#pragma once

#include "run/job_thread.hpp"

#include <memory>
#include <vector>

namespace fio::core {

// Called once per ended job thread `ended`; `started` and `finished` say where every
// thread is. Calls terminate() on the threads the ended job takes with it.
void end_jobs_after(std::size_t ended, const std::vector<std::unique_ptr<JobThread>>& threads,
                    const std::vector<bool>& started, const std::vector<bool>& finished);

// Once no thread whose engine moves data is running or waiting to start, calls
// terminate() on the threads whose engine asked to end then (exit_on_io_done). Called
// whenever the runner wakes, as such an engine says so only once its thread started.
void end_jobs_waiting_for_io(const std::vector<std::unique_ptr<JobThread>>& threads,
                             const std::vector<bool>& finished);

}  // namespace fio::core
