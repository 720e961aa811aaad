// A job's series over time (fio/sdk/series.hpp, core/src/run/series_recorder.hpp): what
// the run keeps at its sample ticks, and how threads and hosts merge.
#include "run/series_recorder.hpp"

#include <fio/sdk/result.hpp>

#include <gtest/gtest.h>

namespace fio::core {
namespace {

constexpr std::uint64_t kMs = 1'000'000;

TEST(DirectionSeries, RatesAddWindowByWindowAndTheLongerSeriesKeepsItsTail) {
    sdk::DirectionSeries a;
    a.iops = {{500, 100}, {1000, 200}};
    a.bw_kib = {{500, 4}};
    sdk::DirectionSeries b;
    b.iops = {{501, 10}, {1002, 20}, {1503, 30}};
    a.merge(b);
    ASSERT_EQ(a.iops.size(), 3u);
    EXPECT_EQ(a.iops[0].value, 110u);
    EXPECT_EQ(a.iops[0].time_ms, 501u);
    EXPECT_EQ(a.iops[1].value, 220u);
    EXPECT_EQ(a.iops[2].value, 30u);
    EXPECT_EQ(a.iops[2].time_ms, 1503u);
    ASSERT_EQ(a.bw_kib.size(), 1u);
    EXPECT_EQ(a.bw_kib[0].value, 4u);
}

TEST(DirectionSeries, PercentilesMergeToTheLargerOfEach) {
    sdk::DirectionSeries a;
    a.clat = {{500, {{10, 20, 30, 40}}}};
    sdk::DirectionSeries b;
    b.clat = {{500, {{5, 25, 30, 50}}}, {1000, {{1, 2, 3, 4}}}};
    a.merge(b);
    ASSERT_EQ(a.clat.size(), 2u);
    EXPECT_EQ(a.clat[0].ns, (std::array<std::uint64_t, 4>{10, 25, 30, 50}));
    EXPECT_EQ(a.clat[1].ns, (std::array<std::uint64_t, 4>{1, 2, 3, 4}));
}

TEST(DirectionSeries, JobResultMergeMergesTheSeries) {
    sdk::JobResult a;
    a.series[1].iops = {{500, 7}};
    sdk::JobResult b;
    b.series[1].iops = {{500, 5}};
    a.merge(b);
    EXPECT_EQ(a.series[1].iops.at(0).value, 12u);
}

TEST(SeriesRecorder, RatesAreStampedFromTheStartOfMeasuring) {
    sdk::JobResult result;
    SeriesRecorder recorder(false);
    recorder.restart(result, 10 * kMs);
    recorder.add_rate(result, 0, true, 510 * kMs, 2048);
    recorder.add_rate(result, 0, false, 510 * kMs, 512);
    recorder.add_rate(result, 1, false, 1010 * kMs, 9);
    recorder.tick(result, 1010 * kMs);  // no percentiles asked: nothing
    ASSERT_EQ(result.series[0].bw_kib.size(), 1u);
    EXPECT_EQ(result.series[0].bw_kib[0].time_ms, 500u);
    EXPECT_EQ(result.series[0].bw_kib[0].value, 2048u);
    EXPECT_EQ(result.series[0].iops.at(0).value, 512u);
    EXPECT_EQ(result.series[1].iops.at(0).time_ms, 1000u);
    EXPECT_TRUE(result.series[0].clat.empty());
}

TEST(SeriesRecorder, PercentilesCoverOnlyTheIosSinceTheLastTick) {
    sdk::JobResult result;
    SeriesRecorder recorder(true);
    recorder.restart(result, 0);
    auto& clat = result.directions[0].clat;
    for (int i = 0; i < 100; ++i) clat.add(100);  // 100 ns, a bucket of its own
    recorder.tick(result, 500 * kMs);
    for (int i = 0; i < 99; ++i) clat.add(50);
    clat.add(120);
    recorder.tick(result, 1000 * kMs);
    recorder.tick(result, 1500 * kMs);  // no I/O since: no point
    ASSERT_EQ(result.series[0].clat.size(), 2u);
    EXPECT_EQ(result.series[0].clat[0].time_ms, 500u);
    EXPECT_EQ(result.series[0].clat[0].ns, (std::array<std::uint64_t, 4>{100, 100, 100, 100}));
    // The second window: 99 I/Os of 50 ns and one of 120 ns; the first window's 100 ns
    // I/Os are not in it.
    EXPECT_EQ(result.series[0].clat[1].ns, (std::array<std::uint64_t, 4>{50, 50, 50, 120}));
    EXPECT_TRUE(result.series[1].clat.empty());
}

TEST(SeriesRecorder, RestartDropsWhatWasKeptDuringTheRamp) {
    sdk::JobResult result;
    SeriesRecorder recorder(true);
    recorder.restart(result, 0);
    recorder.add_rate(result, 0, false, 500 * kMs, 1);
    result.directions[0].clat.add(100);
    recorder.tick(result, 500 * kMs);
    // ramp_time over: the loop clears the statistics, then the recorder restarts.
    result.directions[0] = sdk::DirectionResult{};
    recorder.restart(result, 600 * kMs);
    EXPECT_TRUE(result.series[0].empty());
    result.directions[0].clat.add(70);
    recorder.tick(result, 1100 * kMs);
    ASSERT_EQ(result.series[0].clat.size(), 1u);
    EXPECT_EQ(result.series[0].clat[0].time_ms, 500u);
    EXPECT_EQ(result.series[0].clat[0].ns[0], 70u);
}

}  // namespace
}  // namespace fio::core
