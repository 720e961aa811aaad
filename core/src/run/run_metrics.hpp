// --metrics-listen in a local run: at each status tick the runner hands its job threads
// here, and the numbers go to the MetricsBoard the HTTP server reads. Nothing is added
// to the I/O path: the I/O and byte counters are the ones the progress line reads, and
// the latency histograms come from the copy a thread makes of its result at its
// sampling tick when asked (as for --status-interval), the copy asked for at one tick
// being read at the next.
#pragma once

#include "metrics/metrics_board.hpp"
#include "metrics/metrics_fold.hpp"
#include "run/job_thread.hpp"

#include <fio/sdk/result.hpp>

#include <memory>
#include <vector>

namespace fio::core {

class RunMetrics {
public:
    RunMetrics(MetricsBoard& board, const std::vector<std::unique_ptr<JobThread>>& threads);

    // Publishes the threads' numbers now. `finished[i]`: thread i has ended (its result
    // is final); `started[i]`: it has begun. `status` is the tick's run-wide update.
    void publish(std::vector<std::unique_ptr<JobThread>>& threads, const std::vector<bool>& started,
                 const std::vector<bool>& finished, const sdk::StatusUpdate& status);

private:
    struct ThreadTotals {
        std::array<GrowingTotal, 3> ios;
        std::array<GrowingTotal, 3> bytes;
        std::array<GrowingLatency, 3> latency;
    };
    struct JobRates {
        std::array<std::uint64_t, 3> ios{};
        std::array<std::uint64_t, 3> bytes{};
    };

    void read_latency(JobThread& thread, ThreadTotals& totals, bool finished);

    MetricsBoard& board_;
    std::vector<std::string> job_names_;    // one series per job name, in order of appearance
    std::vector<std::size_t> job_of_thread_;
    std::vector<ThreadTotals> threads_;
    std::vector<JobRates> last_;             // each job's totals at the previous publish
    std::uint64_t last_ns_;
};

}  // namespace fio::core
