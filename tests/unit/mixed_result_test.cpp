// unified_rw_reporting's sums (fio/sdk/mixed_result.hpp), with the rules stock fio 3.33
// follows: bandwidth and IOPS samples add their minimums, maximums, means and squared
// deviations across directions.
#include <fio/sdk/mixed_result.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace fio::sdk {
namespace {

SampleStats samples(std::initializer_list<std::uint64_t> values) {
    SampleStats s;
    for (const auto v : values) s.add(v);
    return s;
}

TEST(MixedResult, SamplesAddAsStockAddsThem) {
    const SampleStats sum = sum_sample_stats_as_stock(samples({10, 20, 30}), samples({1, 2, 3}));
    EXPECT_EQ(sum.count, 6u);
    EXPECT_EQ(sum.min, 11u);
    EXPECT_EQ(sum.max, 33u);
    EXPECT_DOUBLE_EQ(sum.mean(), 22.0);                    // 20 + 2
    EXPECT_DOUBLE_EQ(sum.stddev(), std::sqrt(202.0 / 5));  // (200 + 2) / (6 - 1)
    // An empty side changes nothing.
    const SampleStats alone = sum_sample_stats_as_stock(SampleStats{}, samples({5, 7}));
    EXPECT_EQ(alone.count, 2u);
    EXPECT_EQ(alone.min, 5u);
    EXPECT_EQ(alone.sum, 12u);
}

TEST(MixedResult, AMeanThatIsNoRatioOfIntegersIsKeptToHalfASamplesShare) {
    // Means 2/3 + 1/2 over 5 samples: the sum kept is the nearest to 5 * 7/6.
    const SampleStats small = sum_sample_stats_as_stock(samples({0, 1, 1}), samples({0, 1}));
    EXPECT_EQ(small.count, 5u);
    EXPECT_EQ(small.sum, 6u);
    EXPECT_NEAR(small.mean(), 7.0 / 6.0, 0.5 / 5);
    // At bandwidth scale (KiB/s windows of a stock run) the deviation is as good.
    const SampleStats read = samples({3105451, 3219920, 3108816});
    const SampleStats write = samples({3099746, 3224263, 3104432, 3150000});
    const SampleStats sum = sum_sample_stats_as_stock(read, write);
    const auto scatter = [](const SampleStats& s) {
        return s.stddev() * s.stddev() * static_cast<double>(s.count - 1);
    };
    EXPECT_EQ(sum.count, 7u);
    EXPECT_EQ(sum.min, 3105451u + 3099746u);
    EXPECT_EQ(sum.max, 3219920u + 3224263u);
    EXPECT_NEAR(sum.mean(), read.mean() + write.mean(), 0.5 / 7);
    EXPECT_NEAR(sum.stddev(), std::sqrt((scatter(read) + scatter(write)) / 6), 1e-3);
}

TEST(MixedResult, DirectionsAddUp) {
    JobResult job;
    job.directions[0].io_bytes = 540672;
    job.directions[0].total_ios = 132;
    job.directions[0].runtime_ns = 25'000'000;
    job.directions[0].clat.add(100);
    job.directions[1].io_bytes = 507904;
    job.directions[1].total_ios = 124;
    job.directions[1].short_ios = 2;
    job.directions[1].runtime_ns = 24'000'000;
    job.directions[1].clat.add(300);
    const DirectionResult mixed = mixed_direction(job);
    EXPECT_EQ(mixed.io_bytes, 1048576u);
    EXPECT_EQ(mixed.total_ios, 256u);
    EXPECT_EQ(mixed.short_ios, 2u);
    EXPECT_EQ(mixed.runtime_ms(), 25u);
    EXPECT_EQ(mixed.clat.stats.count, 2u);
    EXPECT_EQ(mixed.clat.stats.min, 100u);
    EXPECT_EQ(mixed.clat.stats.max, 300u);
}

TEST(MixedResult, GroupLineTakesTheDirectionsExtremes) {
    // Stock's "both" run: READ 18.4MiB/s and WRITE 17.3MiB/s, MIXED 35.7MiB/s over 28 ms.
    GroupResult group;
    group.directions[0] = {540672, 19309714, 19309714, 19309714, 28, 28};
    group.directions[1] = {507904, 18139428, 18139428, 18139428, 28, 28};
    const GroupDirection mixed = mixed_group_direction(group);
    EXPECT_EQ(mixed.io_bytes, 1048576u);
    EXPECT_EQ(mixed.agg_bw_bytes, 1048576u * 1000 / 28);
    EXPECT_EQ(mixed.min_bw_bytes, 18139428u);
    EXPECT_EQ(mixed.max_bw_bytes, 19309714u);
    EXPECT_EQ(mixed.min_runtime_ms, 28u);
    EXPECT_EQ(mixed.max_runtime_ms, 28u);
}

TEST(MixedResult, NewFieldsSitInFormerPadding) {
    // ABI 1.x: ReportSettings, JobResult and GroupResult keep their sizes.
    EXPECT_EQ(sizeof(ReportSettings), 40u);
    EXPECT_EQ(offsetof(GroupResult, unified_rw), 4u);
    EXPECT_EQ(offsetof(GroupResult, directions), 8u);
    // ABI 1.3 appended the host labels after the 160 bytes of 1.2's GroupResult.
    EXPECT_EQ(offsetof(GroupResult, client_host), 160u);
}

}  // namespace
}  // namespace fio::sdk
