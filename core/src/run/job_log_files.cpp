#include "run/job_log_files.hpp"

#include <fio/sdk/clock.hpp>

#include <cerrno>

namespace fio::core {

std::unique_ptr<JobLogs> open_job_logs(const JobSpec& job, std::uint32_t thread_number) {
    if (!job.logs.any()) return nullptr;
    const LoggedMeasures measured{!job.measure.disable_slat, !job.measure.disable_clat,
                                  !job.measure.disable_lat, !job.measure.disable_bw};
    auto logs = std::make_unique<JobLogs>(job.logs, job.name, thread_number, measured);
    logs->open_files();
    return logs;
}

void write_job_logs(JobLogs* logs, sdk::JobResult& result) {
    if (logs == nullptr) return;
    const std::string failure = logs->finish(sdk::monotonic_ns());
    if (!failure.empty() && result.error == 0) {
        result.error = EIO;
        result.error_text = failure;
    }
}

}  // namespace fio::core
