// The job thread's side of per-job log files: open them before the first I/O, write
// them when the I/O loop is done.
#pragma once

#include "jobs/job_spec.hpp"
#include "logs/job_logs.hpp"

#include <fio/sdk/result.hpp>

#include <cstdint>
#include <memory>

namespace fio::core {

// nullptr when the job asked for no log. Throws std::runtime_error naming a file that
// cannot be created.
std::unique_ptr<JobLogs> open_job_logs(const JobSpec& job, std::uint32_t thread_number);

// Writes the files; a failure becomes the job's error unless it already has one.
void write_job_logs(JobLogs* logs, sdk::JobResult& result);

}  // namespace fio::core
