// --status-interval-mode=delta: what a job did between two reports, from the result as
// of each. Counts, sums and histogram buckets only grow while a job runs, so their
// differences are exact, and the deltas of consecutive reports add up to the whole run.
//
// An extreme is not a count: the minimum of an interval's samples is exact when it is
// the run's new minimum (the run's minimum fell during the interval); otherwise the
// interval's samples stayed above the run's minimum, and the interval's lowest
// histogram bucket bounds them from below. So an interval's min is the larger of the
// run's min and that bucket's low end (within 1/64 of the true value; exact under
// 128 ns), and its max likewise the smaller of the run's max and its highest bucket's
// high end. Series without a histogram (the bandwidth and IOPS samples) report the
// run's extremes when the interval set no new one: bounds, not the interval's own.
#pragma once

#include <fio/sdk/result.hpp>

#include <cstddef>
#include <vector>

namespace fio::core {

// The samples taken after `before` (an earlier state of the same series): count, sum
// and sum of squares subtract; min and max as described above, from `histogram` when
// the series has one (the interval's own buckets), else the run's.
sdk::SampleStats sample_stats_delta(const sdk::SampleStats& now, const sdk::SampleStats& before,
                                    const sdk::LatencyHistogram* histogram = nullptr);

sdk::LatencyStats latency_stats_delta(const sdk::LatencyStats& now, const sdk::LatencyStats& before);

// The job's result over the interval since `before`: counters, runtimes, CPU use,
// depth and latency distributions and histograms as differences; identity, settings,
// elapsed time and the steady-state picture as of `now`.
sdk::JobResult job_result_delta(const sdk::JobResult& now, const sdk::JobResult& before);

// Each thread's result as of the previous report, so that the next report shows what
// happened since. Before the first report a thread's previous result is the blank one.
class ResultDeltas {
public:
    explicit ResultDeltas(std::size_t threads) : previous_(threads) {}
    // Thread `thread`'s result since the previous report; `now` becomes the previous.
    sdk::JobResult since_previous(std::size_t thread, const sdk::JobResult& now);

private:
    std::vector<sdk::JobResult> previous_;
};

}  // namespace fio::core
