#include "remote/client_metrics.hpp"

#include "metrics/metrics_fold.hpp"

#include <algorithm>

namespace fio::core {
namespace {

// One series per job name on this host, its threads' results added up.
void add_host_jobs(const HostRun& host, std::vector<JobMetrics>& jobs) {
    const auto first = static_cast<std::ptrdiff_t>(jobs.size());
    for (const sdk::JobResult& result : host.jobs) {
        auto job = std::find_if(jobs.begin() + first, jobs.end(),
                                [&](const JobMetrics& j) { return j.job == result.name; });
        if (job == jobs.end()) {
            jobs.push_back({host.label, result.name, {}});
            job = jobs.end() - 1;
        }
        for (std::size_t d = 0; d < job->directions.size(); ++d) {
            const sdk::DirectionResult& from = result.directions[d];
            DirectionMetrics& m = job->directions[d];
            m.ios += from.total_ios;
            m.bytes += from.io_bytes;
            m.latency.add(fold_latency(from.clat));
        }
    }
}

}  // namespace

MetricsSnapshot client_metrics(const std::vector<std::unique_ptr<HostRun>>& hosts,
                               const sdk::StatusUpdate& total, std::uint64_t elapsed_ms) {
    MetricsSnapshot snapshot;
    snapshot.elapsed_ms = elapsed_ms;
    snapshot.jobs_running = total.jobs_running;
    snapshot.percent_done = total.percent_done;
    for (const auto& host : hosts) {
        HostMetrics h;
        h.host = host->label;
        const bool finished = host->finished.load(std::memory_order_acquire);
        if (finished) {
            h.percent_done = 100;
            add_host_jobs(*host, snapshot.jobs);
        } else if (const auto status = host->latest_status()) {
            h.jobs_running = status->jobs_running;
            h.percent_done = status->percent_done;
            for (std::size_t d = 0; d < 3; ++d) {
                h.iops[d] = static_cast<double>(status->iops[d]);
                h.bytes_per_second[d] = static_cast<double>(status->bw_bytes[d]);
            }
        }
        snapshot.hosts.push_back(std::move(h));
    }
    return snapshot;
}

}  // namespace fio::core
