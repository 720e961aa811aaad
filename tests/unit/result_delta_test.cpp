// --status-interval-mode=delta: a job's result over one interval, from its results as of
// two reports. Counts and buckets subtract exactly, the intervals add up to the run, and
// an interval's extremes are exact or bounded as result_delta.hpp says.
#include "stats/result_delta.hpp"

#include <fio/sdk/histogram.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace fio::core {
namespace {

sdk::LatencyStats latencies(const std::vector<std::uint64_t>& values) {
    sdk::LatencyStats l;
    for (auto v : values) l.add(v);
    return l;
}

TEST(HistogramBucketBounds, EachBucketCountsExactlyItsRange) {
    for (unsigned i = 0; i < sdk::kHistogramBuckets; ++i) {
        EXPECT_EQ(sdk::histogram_index(sdk::histogram_bucket_low(i)), i) << i;
        EXPECT_EQ(sdk::histogram_index(sdk::histogram_bucket_high(i)), i) << i;
        if (i + 1 < sdk::kHistogramBuckets) {
            EXPECT_EQ(sdk::histogram_bucket_high(i) + 1, sdk::histogram_bucket_low(i + 1)) << i;
        }
    }
    EXPECT_EQ(sdk::histogram_bucket_low(100), 100u);
    EXPECT_EQ(sdk::histogram_bucket_high(100), 100u);
    EXPECT_EQ(sdk::histogram_bucket_low(128), 128u);   // [128, 129]: width 2 from 2^7
    EXPECT_EQ(sdk::histogram_bucket_high(128), 129u);
}

TEST(ResultDelta, LatencyIntervalIsItsOwnCompletions) {
    const std::vector<std::uint64_t> first = {500, 700, 90'000, 1'000'000};
    const std::vector<std::uint64_t> second = {20'000, 30'000, 40'000, 45'000, 50'000};
    sdk::LatencyStats before = latencies(first);
    sdk::LatencyStats now = before;
    for (auto v : second) now.add(v);

    const sdk::LatencyStats delta = latency_stats_delta(now, before);
    const sdk::LatencyStats alone = latencies(second);
    EXPECT_EQ(delta.histogram.counts, alone.histogram.counts);
    EXPECT_EQ(delta.stats.count, 5u);
    EXPECT_EQ(delta.stats.sum, 185'000u);
    EXPECT_TRUE(delta.stats.sum_squares == alone.stats.sum_squares);
    EXPECT_DOUBLE_EQ(delta.stats.mean(), 37'000.0);
    EXPECT_DOUBLE_EQ(delta.stats.stddev(), alone.stats.stddev());
    EXPECT_EQ(delta.histogram.percentiles(sdk::kDefaultPercentiles),
              alone.histogram.percentiles(sdk::kDefaultPercentiles));
    // No new extreme: bounded by the interval's lowest and highest buckets, within 1/64.
    EXPECT_EQ(delta.stats.min, sdk::histogram_bucket_low(sdk::histogram_index(20'000)));
    EXPECT_LE(delta.stats.min, 20'000u);
    EXPECT_GE(delta.stats.min, 20'000u - 20'000u / 64);
    EXPECT_EQ(delta.stats.max, sdk::histogram_bucket_high(sdk::histogram_index(50'000)));
    EXPECT_GE(delta.stats.max, 50'000u);
    EXPECT_LE(delta.stats.max, 50'000u + 50'000u / 64);
}

TEST(ResultDelta, NewExtremesAreExactAndBoundsNeverPassTheRuns) {
    sdk::LatencyStats before = latencies({1000, 1998});
    sdk::LatencyStats now = before;
    now.add(300);      // the run's new minimum: exact
    now.add(1990);     // its bucket [1984, 1999] reaches past 1998, the run's max
    const sdk::SampleStats s = latency_stats_delta(now, before).stats;
    EXPECT_EQ(s.min, 300u);
    EXPECT_EQ(s.max, 1998u);

    // The first interval of a series is the whole series so far, extremes included.
    const sdk::SampleStats first = latency_stats_delta(now, sdk::LatencyStats{}).stats;
    EXPECT_EQ(first.min, 300u);
    EXPECT_EQ(first.max, 1998u);
    EXPECT_EQ(first.count, 4u);
}

TEST(ResultDelta, AnEmptyIntervalHasNoSamples) {
    const sdk::LatencyStats l = latencies({5, 6});
    const sdk::SampleStats s = latency_stats_delta(l, l).stats;
    EXPECT_EQ(s.count, 0u);
    EXPECT_EQ(s.min_or_zero(), 0u);
    EXPECT_EQ(s.max, 0u);
    EXPECT_DOUBLE_EQ(s.mean(), 0.0);
    // Without a histogram (bandwidth samples) an interval with no new extreme keeps the
    // run's extremes as bounds.
    sdk::SampleStats bw;
    for (auto v : {100u, 400u}) bw.add(v);
    sdk::SampleStats more = bw;
    more.add(250);
    const sdk::SampleStats d = sample_stats_delta(more, bw);
    EXPECT_EQ(d.count, 1u);
    EXPECT_EQ(d.sum, 250u);
    EXPECT_EQ(d.min, 100u);
    EXPECT_EQ(d.max, 400u);
}

// A job's result after `ios` reads of 4 KiB, each `latency` ns, and `ms` of runtime.
void read_more(sdk::JobResult& job, std::uint64_t ios, std::uint64_t latency, std::uint64_t ms) {
    sdk::DirectionResult& read = job.directions[0];
    for (std::uint64_t i = 0; i < ios; ++i) {
        read.clat.add(latency + i);
        read.lat.add(latency + i + 10);
    }
    read.total_ios += ios;
    read.io_bytes += ios * 4096;
    read.runtime_ns += ms * 1'000'000;
    job.job_runtime_ns += ms * 1'000'000;
    job.latency_us[5] += ios;
    job.depth_levels[0] += ios;
    job.usr_cpu_ns += 1000.0 * static_cast<double>(ms);
    job.ctx += ms;
    job.elapsed_s = ms;
}

TEST(ResultDeltas, ConsecutiveIntervalsAddUpToTheRun) {
    sdk::JobResult job;
    job.name = "x";
    job.groupid = 2;
    ResultDeltas deltas(1);
    std::vector<sdk::JobResult> intervals;
    read_more(job, 100, 50'000, 500);
    intervals.push_back(deltas.since_previous(0, job));
    read_more(job, 30, 80'000, 500);
    intervals.push_back(deltas.since_previous(0, job));
    intervals.push_back(deltas.since_previous(0, job));  // nothing happened since
    read_more(job, 7, 40'000, 120);
    intervals.push_back(deltas.since_previous(0, job));

    EXPECT_EQ(intervals[1].directions[0].total_ios, 30u);
    EXPECT_EQ(intervals[1].directions[0].io_bytes, 30u * 4096);
    EXPECT_EQ(intervals[1].directions[0].runtime_ns, 500'000'000u);
    EXPECT_EQ(intervals[1].latency_us[5], 30u);
    EXPECT_DOUBLE_EQ(intervals[1].usr_cpu_ns, 500'000.0);
    EXPECT_EQ(intervals[2].directions[0].total_ios, 0u);
    EXPECT_EQ(intervals[2].directions[0].clat.stats.count, 0u);
    EXPECT_EQ(intervals[3].directions[0].clat.stats.min, 40'000u);  // a new minimum
    EXPECT_EQ(intervals[3].name, "x");
    EXPECT_EQ(intervals[3].groupid, 2u);
    EXPECT_EQ(intervals[3].elapsed_s, 120u);  // as of now, not a difference

    sdk::JobResult sum = intervals[0];
    for (std::size_t i = 1; i < intervals.size(); ++i) sum.merge(intervals[i]);
    const sdk::DirectionResult& total = job.directions[0];
    EXPECT_EQ(sum.directions[0].total_ios, total.total_ios);
    EXPECT_EQ(sum.directions[0].io_bytes, total.io_bytes);
    EXPECT_EQ(sum.directions[0].clat.histogram.counts, total.clat.histogram.counts);
    EXPECT_EQ(sum.directions[0].lat.stats.sum, total.lat.stats.sum);
    EXPECT_EQ(sum.directions[0].clat.stats.min, total.clat.stats.min);
    EXPECT_EQ(sum.directions[0].clat.stats.max, total.clat.stats.max);
    EXPECT_EQ(sum.job_runtime_ns, job.job_runtime_ns);
    EXPECT_EQ(sum.depth_levels, job.depth_levels);
    EXPECT_EQ(sum.latency_us, job.latency_us);
    EXPECT_EQ(sum.ctx, job.ctx);
}

TEST(ResultDeltas, PriorityLatenciesSubtractPerPriority) {
    sdk::JobResult before;
    before.priority_latency[0] = {{1 << 13, latencies({100, 200})}};
    sdk::JobResult now = before;
    now.priority_latency[0][0].latency.add(300);
    now.priority_latency[0].push_back({3 << 13, latencies({900})});  // first seen now
    const sdk::JobResult delta = job_result_delta(now, before);
    ASSERT_EQ(delta.priority_latency[0].size(), 2u);
    EXPECT_EQ(delta.priority_latency[0][0].latency.stats.count, 1u);
    EXPECT_EQ(delta.priority_latency[0][0].latency.stats.sum, 300u);
    EXPECT_EQ(delta.priority_latency[0][1].ioprio, 3 << 13);
    EXPECT_EQ(delta.priority_latency[0][1].latency.stats.count, 1u);
}

}  // namespace
}  // namespace fio::core
