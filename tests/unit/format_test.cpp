// fio-style number, latency and date formatting (sdk/include/fio/sdk/format.hpp). The
// expected strings are what stock fio 3.33 prints for the same figures.
#include <fio/sdk/format.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <limits>

namespace {

using namespace fio::sdk;

TEST(ScaledNumber, SizesInBothBases) {
    EXPECT_EQ(size_string(67108864, true), "64.0MiB");
    EXPECT_EQ(size_string(67108864, false), "67.1MB");
    EXPECT_EQ(size_string(4096, true), "4096B");
    EXPECT_EQ(size_string(65536, true), "64.0KiB");
    EXPECT_EQ(size_string(1048576, true), "1024KiB");
    EXPECT_EQ(size_string(1047552, true), "1023KiB");
    EXPECT_EQ(size_string(1047552, false), "1048kB");
    EXPECT_EQ(size_string(512, true), "512B");
    EXPECT_EQ(size_string(0, true), "0B");
}

TEST(ScaledNumber, RatesInBothBases) {
    // 64 MiB in 9 ms.
    EXPECT_EQ(rate_string(7456540444, true), "7111MiB/s");
    EXPECT_EQ(rate_string(7456540444, false), "7457MB/s");
    // 64 MiB in 3 ms.
    EXPECT_EQ(rate_string(22369621333, true), "20.8GiB/s");
    EXPECT_EQ(rate_string(22369621333, false), "22.4GB/s");
    EXPECT_EQ(rate_string(1047552000, true), "999MiB/s");
    EXPECT_EQ(rate_string(1047552000, false), "1048MB/s");
}

TEST(ScaledNumber, CountsKeepFourDigits) {
    EXPECT_EQ(count_string(0), "0");
    EXPECT_EQ(count_string(999), "999");
    EXPECT_EQ(count_string(9999), "9999");
    EXPECT_EQ(count_string(10000), "10.0k");
    EXPECT_EQ(count_string(84512), "84.5k");
    EXPECT_EQ(count_string(315076), "315k");
    EXPECT_EQ(count_string(1820444), "1820k");
    EXPECT_EQ(count_string(5461333), "5461k");
    EXPECT_EQ(count_string(64000), "64.0k");
}

TEST(ScaledNumber, RoundsWhenNoRoomForDecimals) {
    EXPECT_EQ(count_string(1820499), "1820k");
    EXPECT_EQ(count_string(1820500), "1821k");
    EXPECT_EQ(count_string(315500), "316k");
}

TEST(ScaledNumber, KeepsStockQuirkOfUncarriedDecimals) {
    // 65535 B is 63.999 KiB; stock fio prints the rounded-up decimal without carrying.
    EXPECT_EQ(size_string(65535, true), "63.0KiB");
}

TEST(ScaledNumber, MoreDigitsForLatencyExtremes) {
    EXPECT_EQ(scaled_number(1644603, 6, false, NumberUnit::none), "1644.6k");
    EXPECT_EQ(scaled_number(272886, 6, false, NumberUnit::none), "272886");
    EXPECT_EQ(scaled_number(4081812, 6, false, NumberUnit::none), "4081.8k");
}

TEST(ScaledNumber, BitsStartPrefixAndExtremes) {
    EXPECT_EQ(scaled_number(1000, 4, false, NumberUnit::bits), "8000bit");
    EXPECT_EQ(scaled_number(1000, 4, false, NumberUnit::bits_per_second), "8000bit/s");
    EXPECT_EQ(scaled_number(5, 4, true, NumberUnit::bytes, 1), "5KiB");
    EXPECT_EQ(scaled_number(12, 4, false, NumberUnit::per_second), "12/s");
    // 15.999 EiB: the uncarried-decimal quirk again, but no overflow.
    EXPECT_EQ(size_string(std::numeric_limits<std::uint64_t>::max(), true), "15.0EiB");
}

TEST(ScaledNumber, BaseFollowsKbBase) {
    EXPECT_TRUE(is_binary_base(1024));
    EXPECT_FALSE(is_binary_base(1000));
    EXPECT_TRUE(is_binary_base(0));
}

TEST(LatencyUnit, StaysInNanosecondsForSmallOrTightValues) {
    const LatencyFigures f = scale_latency(1041, 88432, 2694.45, 4130.66);
    EXPECT_EQ(f.unit, TimeUnit::nsec);
    EXPECT_EQ(f.min, 1041u);
    EXPECT_EQ(f.max, 88432u);
    // Each condition alone keeps nanoseconds: min not above 2 us, max below 100 us, stdev
    // not above 1 us.
    EXPECT_EQ(scale_latency(2000, 1'000'000, 50'000, 9'000).unit, TimeUnit::nsec);
    EXPECT_EQ(scale_latency(3000, 99'999, 50'000, 9'000).unit, TimeUnit::nsec);
    EXPECT_EQ(scale_latency(3000, 1'000'000, 50'000, 1'000).unit, TimeUnit::nsec);
    // Just past every threshold.
    EXPECT_EQ(scale_latency(2001, 100'000, 50'000, 1'001).unit, TimeUnit::usec);
}

TEST(LatencyUnit, SwitchesToMicrosecondsAndTruncates) {
    const LatencyFigures f = scale_latency(33'999, 4'418'999, 57'100, 70'490);
    EXPECT_EQ(f.unit, TimeUnit::usec);
    EXPECT_EQ(f.min, 33u);
    EXPECT_EQ(f.max, 4418u);
    EXPECT_DOUBLE_EQ(f.mean, 57.1);
    EXPECT_DOUBLE_EQ(f.stddev, 70.49);
}

TEST(LatencyUnit, SwitchesToMilliseconds) {
    const LatencyFigures f = scale_latency(3'000'000, 150'000'000, 5e6, 2e6);
    EXPECT_EQ(f.unit, TimeUnit::msec);
    EXPECT_EQ(f.min, 3u);
    EXPECT_EQ(f.max, 150u);
    EXPECT_DOUBLE_EQ(f.mean, 5.0);
    // Spread under a millisecond stays in microseconds.
    EXPECT_EQ(scale_latency(3'000'000, 150'000'000, 5e6, 9e5).unit, TimeUnit::usec);
}

TEST(LatencyUnit, PercentileTablesChooseFromTheirExtremes) {
    EXPECT_EQ(percentile_unit(1160, 88576), TimeUnit::nsec);
    EXPECT_EQ(percentile_unit(2000, 1'000'000), TimeUnit::nsec);
    EXPECT_EQ(percentile_unit(2001, 100'000), TimeUnit::usec);
    EXPECT_EQ(percentile_unit(2'000'001, 100'000'000), TimeUnit::msec);
    EXPECT_EQ(unit_name(TimeUnit::usec), "usec");
}

TEST(LatencyUnit, PercentileValuesRoundUp) {
    EXPECT_EQ(round_up_to_unit(1000, TimeUnit::usec), 1u);
    EXPECT_EQ(round_up_to_unit(1001, TimeUnit::usec), 2u);
    EXPECT_EQ(round_up_to_unit(1'000'001, TimeUnit::msec), 2u);
    EXPECT_EQ(round_up_to_unit(77, TimeUnit::nsec), 77u);
}

TEST(Dates, LikeCtimeInLocalTime) {
    const char* old = std::getenv("TZ");
    const std::string saved = old ? old : "";
    setenv("TZ", "UTC", 1);
    tzset();
    EXPECT_EQ(ctime_string(1795629372), "Wed Nov 25 17:56:12 2026");
    EXPECT_EQ(ctime_string(0), "Thu Jan  1 00:00:00 1970");
    if (old) {
        setenv("TZ", saved.c_str(), 1);
    } else {
        unsetenv("TZ");
    }
    tzset();
}

TEST(Durations, EtaLikeTheProgressLine) {
    EXPECT_EQ(eta_string(0), "00m:00s");
    EXPECT_EQ(eta_string(65), "01m:05s");
    EXPECT_EQ(eta_string(3696), "01h:01m:36s");
    EXPECT_EQ(eta_string(3600), "01h:00m:00s");
    EXPECT_EQ(eta_string(90057), "01d:01h:00m:57s");
    EXPECT_EQ(eta_string(86400), "01d:00h:00m:00s");
}

TEST(DerivedFigures, RuntimeRoundsMicrosecondsUpToMilliseconds) {
    EXPECT_EQ(runtime_ms_from_ns(0), 0u);
    EXPECT_EQ(runtime_ms_from_ns(999), 0u);
    EXPECT_EQ(runtime_ms_from_ns(1000), 1u);
    EXPECT_EQ(runtime_ms_from_ns(2'000'000'000), 2000u);
    EXPECT_EQ(runtime_ms_from_ns(2'000'000'999), 2000u);
    EXPECT_EQ(runtime_ms_from_ns(2'000'001'000), 2001u);
}

TEST(DerivedFigures, RatesFromMilliseconds) {
    EXPECT_EQ(amount_per_second(67108864, 3), 22369621333u);
    EXPECT_EQ(amount_per_second(16384, 9), 1820444u);
    EXPECT_EQ(amount_per_second(123, 0), 0u);
    const std::uint64_t huge = std::numeric_limits<std::uint64_t>::max() / 2;
    EXPECT_EQ(amount_per_second(huge, 1000), huge);
}

TEST(DerivedFigures, DistributionSharesKeepRareEventsVisible) {
    EXPECT_DOUBLE_EQ(distribution_percent(50, 100, kLatencyPercentFloor), 50.0);
    EXPECT_DOUBLE_EQ(distribution_percent(1, 100000, kLatencyPercentFloor), 0.01);
    EXPECT_DOUBLE_EQ(distribution_percent(1, 100000, kDepthPercentFloor), 0.1);
    EXPECT_DOUBLE_EQ(distribution_percent(0, 100, kLatencyPercentFloor), 0.0);
    EXPECT_DOUBLE_EQ(distribution_percent(5, 0, kLatencyPercentFloor), 0.0);
}

TEST(DerivedFigures, ShareOfGroupBandwidth) {
    EXPECT_EQ(fmt::format("{:.2f}", percent_of_aggregate(32816.0, 34123098)), "98.48");
    // The mean is truncated before dividing, as stock fio does.
    EXPECT_EQ(fmt::format("{:f}", percent_of_aggregate(7.6, 15013)), "47.745287");
    EXPECT_DOUBLE_EQ(percent_of_aggregate(50000.0, 1024 * 1000), 100.0);
    EXPECT_DOUBLE_EQ(percent_of_aggregate(10.0, 0), 100.0);
}

TEST(DerivedFigures, LabelsAndCpuShare) {
    EXPECT_EQ(latency_bucket_label(kLatencyBucketBoundsMs, 0), "2");
    EXPECT_EQ(latency_bucket_label(kLatencyBucketBoundsMs, 10), "2000");
    EXPECT_EQ(latency_bucket_label(kLatencyBucketBoundsMs, 11), ">=2000");
    EXPECT_EQ(kDepthLevelLabels[6], ">=64");
    EXPECT_EQ(kDepthBatchLabels[0], "0");

    JobResult job;
    job.job_runtime_ns = 2'000'000'000;  // two threads of 1 s each, summed
    job.threads = 2;
    EXPECT_DOUBLE_EQ(cpu_percent(1e9, job), 50.0);
    job.job_runtime_ns = 0;
    EXPECT_DOUBLE_EQ(cpu_percent(1e9, job), 0.0);
    job.job_runtime_ns = 999'999;  // reported as 0 ms: 0%, as fio
    EXPECT_DOUBLE_EQ(cpu_percent(22'000, job), 0.0);
    job.job_runtime_ns = 1'000'000;
    EXPECT_DOUBLE_EQ(cpu_percent(500'000, job), 50.0);
}

}  // namespace
