#include "run/run_metrics.hpp"

#include <fio/sdk/clock.hpp>
#include <fio/sdk/mixed_result.hpp>

#include <algorithm>

namespace fio::core {

RunMetrics::RunMetrics(MetricsBoard& board, const std::vector<std::unique_ptr<JobThread>>& threads)
    : board_(board), threads_(threads.size()), last_ns_(sdk::monotonic_ns()) {
    for (const auto& thread : threads) {
        const std::string& name = thread->plan().job->name;
        auto known = std::find(job_names_.begin(), job_names_.end(), name);
        if (known == job_names_.end()) known = job_names_.insert(job_names_.end(), name);
        job_of_thread_.push_back(static_cast<std::size_t>(known - job_names_.begin()));
    }
    last_.resize(job_names_.size());
}

void RunMetrics::read_latency(JobThread& thread, ThreadTotals& totals, bool finished) {
    // A finished thread's result is final; a running one's is its latest copy.
    const auto read = [&](const sdk::JobResult& result) {
        std::array<LatencyBuckets, 3> readings;
        for (int d = 0; d < 3; ++d) readings[d] = fold_latency(result.directions[d].clat);
        // unified_rw_reporting=mixed: the final result has every direction in the first
        // (fold_mixed_directions); the copies are shown the same way, so that the
        // histograms do not jump from one direction to another at the thread's end.
        if (result.reporting.unified_rw == sdk::kUnifiedMixed) {
            readings[0].add(readings[1]);
            readings[0].add(readings[2]);
            readings[1] = readings[2] = LatencyBuckets{};
        }
        for (int d = 0; d < 3; ++d) totals.latency[d].update(readings[d]);
    };
    if (finished) {
        read(thread.result());
        return;
    }
    ResultSnapshot& snapshot = thread.live().snapshot;
    {
        const std::lock_guard lock(snapshot.mutex);
        read(snapshot.result);
    }
    // For the next tick: the thread copies its result at its next sampling tick.
    snapshot.wanted.store(true, std::memory_order_release);
}

void RunMetrics::publish(std::vector<std::unique_ptr<JobThread>>& threads, const std::vector<bool>& started,
                         const std::vector<bool>& finished, const sdk::StatusUpdate& status) {
    const std::uint64_t now = sdk::monotonic_ns();
    MetricsSnapshot snapshot;
    snapshot.elapsed_ms = status.elapsed_ms;
    snapshot.jobs_running = status.jobs_running;
    snapshot.percent_done = status.percent_done;
    snapshot.jobs.resize(job_names_.size());
    for (std::size_t j = 0; j < job_names_.size(); ++j) snapshot.jobs[j].job = job_names_[j];
    for (std::size_t i = 0; i < threads.size(); ++i) {
        ThreadTotals& totals = threads_[i];
        const LiveProgress& live = threads[i]->live();
        if (started[i]) read_latency(*threads[i], totals, finished[i]);
        JobMetrics& job = snapshot.jobs[job_of_thread_[i]];
        for (int d = 0; d < 3; ++d) {
            DirectionMetrics& m = job.directions[d];
            m.ios += totals.ios[d].update(live.ios[d].load(std::memory_order_relaxed));
            m.bytes += totals.bytes[d].update(live.bytes[d].load(std::memory_order_relaxed));
            m.latency.add(totals.latency[d].total());
        }
    }
    const double window_s = static_cast<double>(now - last_ns_) / 1e9;
    for (std::size_t j = 0; j < snapshot.jobs.size(); ++j) {
        for (int d = 0; d < 3; ++d) {
            DirectionMetrics& m = snapshot.jobs[j].directions[d];
            if (window_s > 0) {
                m.iops = static_cast<double>(m.ios - last_[j].ios[d]) / window_s;
                m.bytes_per_second = static_cast<double>(m.bytes - last_[j].bytes[d]) / window_s;
            }
            last_[j].ios[d] = m.ios;
            last_[j].bytes[d] = m.bytes;
        }
    }
    last_ns_ = now;
    board_.publish(std::move(snapshot));
}

}  // namespace fio::core
