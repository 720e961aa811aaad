// The latency histogram's layout and percentile rule (REFERENCE.md, "Latency histogram").
// Every expected percentile below was also checked against stock fio 3.33 itself, by
// calling its exported calc_clat_percentiles() on the same bucket counts.
#include <fio/sdk/histogram.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <set>
#include <vector>

namespace fio::sdk {
namespace {

constexpr std::uint64_t kPow34 = std::uint64_t{1} << 34;

// Hand derivations, from the rule:
//   v < 128:  idx = v
//   else:     msb = highest set bit, e = msb - 6, idx = (e + 1) * 64 + ((v >> e) & 63)
//   value:    idx < 128 -> idx; else e = idx / 64 - 1, value = 2^(e+6) + (idx % 64 + 0.5) * 2^e
//
//   0, 1, 127     below 128: their own buckets, values 0, 1, 127
//   128 = 2^7     e = 1, idx = 2*64 + (64 & 63 = 0)  = 128; value = 2^7 + 0.5*2 = 129
//   129           e = 1, 129 >> 1 = 64 -> offset 0   = 128 (shares 128's bucket)
//   255           e = 1, 255 >> 1 = 127 -> offset 63 = 191; value = 128 + 63.5*2 = 255
//   256 = 2^8     e = 2, 256 >> 2 = 64 -> offset 0   = 192; value = 256 + 0.5*4 = 258
//   1000          msb 9, e = 3, 1000 >> 3 = 125 -> offset 61 = 4*64 + 61 = 317;
//                 value = 512 + 61.5*8 = 1004
//   10^6          msb 19 (2^19 = 524288), e = 13, 10^6 >> 13 = 122 -> offset 58
//                 = 14*64 + 58 = 954; value = 524288 + 58.5*8192 = 1003520
//   10^9          msb 29 (2^29 = 536870912), e = 23, 10^9 >> 23 = 119 -> offset 55
//                 = 24*64 + 55 = 1591; value = 536870912 + 55.5*8388608 = 1002438656
//   2^33          e = 27, offset 0 = 28*64 = 1792; value = 2^33 + 0.5*2^27 = 8657043456
//   2^34 - 1      e = 27, offset 63 = 28*64 + 63 = 1855, the last bucket;
//                 value = 2^33 + 63.5*2^27 = 8589934592 + 8522825728 = 17112760320
//   2^34          e = 28 -> 29*64 + 0 = 1856, past the end: capped to 1855
//   2^40, 2^64-1  capped to 1855
struct Case {
    std::uint64_t v;
    unsigned index;
    std::uint64_t value;
};

constexpr Case kCases[] = {
    {0, 0, 0},
    {1, 1, 1},
    {127, 127, 127},
    {128, 128, 129},
    {129, 128, 129},
    {255, 191, 255},
    {256, 192, 258},
    {1000, 317, 1004},
    {1'000'000, 954, 1'003'520},
    {1'000'000'000, 1591, 1'002'438'656},
    {std::uint64_t{1} << 33, 1792, 8'657'043'456},
    {kPow34 - 1, 1855, 17'112'760'320},
    {kPow34, 1855, 17'112'760'320},
    {std::uint64_t{1} << 40, 1855, 17'112'760'320},
    {~std::uint64_t{0}, 1855, 17'112'760'320},
};

TEST(Histogram, LayoutConstants) {
    EXPECT_EQ(kHistogramBuckets, 1856u);
    EXPECT_EQ(kHistogramGroupSize, 64u);
}

TEST(Histogram, IndexAndValueOfHandDerivedCases) {
    for (const Case& c : kCases) {
        EXPECT_EQ(histogram_index(c.v), c.index) << "v = " << c.v;
        EXPECT_EQ(histogram_value(c.index), c.value) << "index = " << c.index;
    }
}

TEST(Histogram, IsConstexpr) {
    static_assert(histogram_index(1000) == 317);
    static_assert(histogram_value(317) == 1004);
}

// Each bucket's value lies inside the bucket, and buckets are in increasing order.
TEST(Histogram, EveryBucketValueMapsBackToItsBucket) {
    for (unsigned i = 0; i < kHistogramBuckets; ++i) {
        ASSERT_EQ(histogram_index(histogram_value(i)), i) << i;
        if (i > 0) {
            ASSERT_LT(histogram_value(i - 1), histogram_value(i)) << i;
        }
    }
}

TEST(Histogram, IndexNeverDecreases) {
    std::set<std::uint64_t> values;  // ordered: every power of two and its neighbours
    for (unsigned bit = 0; bit < 64; ++bit) {
        const std::uint64_t p = std::uint64_t{1} << bit;
        values.insert({p - 1, p, p + 1});
    }
    values.insert(~std::uint64_t{0});
    unsigned previous = 0;
    for (std::uint64_t v : values) {
        const unsigned index = histogram_index(v);
        ASSERT_GE(index, previous) << v;
        ASSERT_LT(index, kHistogramBuckets) << v;
        previous = index;
    }
}

// |value(index(v)) - v| <= v / 128 for every v below 2^34 (the last bucket's top).
::testing::AssertionResult within_one_128th(std::uint64_t v) {
    const std::uint64_t value = histogram_value(histogram_index(v));
    const std::uint64_t error = value > v ? value - v : v - value;
    if (error * 128 <= v) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "v = " << v << " -> " << value;
}

TEST(Histogram, RelativeErrorAtMostOne128th) {
    for (std::uint64_t v = 0; v <= (1u << 20); ++v) ASSERT_TRUE(within_one_128th(v));
    for (unsigned bit = 20; bit < 34; ++bit) {
        const std::uint64_t p = std::uint64_t{1} << bit;
        for (std::uint64_t d = 0; d < 4096; ++d) {
            ASSERT_TRUE(within_one_128th(p + d));
            ASSERT_TRUE(within_one_128th(p - 1 - d));
        }
    }
    std::mt19937_64 rng(128);
    std::uniform_int_distribution<std::uint64_t> below_2_34(0, kPow34 - 1);
    for (int i = 0; i < 200'000; ++i) ASSERT_TRUE(within_one_128th(below_2_34(rng)));
}

LatencyHistogram histogram_of(const std::vector<std::uint64_t>& samples) {
    LatencyHistogram h;
    for (std::uint64_t ns : samples) h.add(ns);
    return h;
}

std::vector<std::uint64_t> default_percentiles(const LatencyHistogram& h) {
    return h.percentiles(kDefaultPercentiles);
}

TEST(HistogramPercentiles, EmptyHistogramHasNone) {
    const LatencyHistogram h;
    EXPECT_EQ(h.total(), 0u);
    EXPECT_TRUE(default_percentiles(h).empty());
}

// 1..100 ns each once: every value has its own bucket, so the p-th percentile is the
// smallest v with v >= p/100 * 100 = p, i.e. ceil(p).
TEST(HistogramPercentiles, OneToHundred) {
    std::vector<std::uint64_t> samples;
    for (std::uint64_t v = 1; v <= 100; ++v) samples.push_back(v);
    const LatencyHistogram h = histogram_of(samples);
    EXPECT_EQ(h.total(), 100u);
    const std::vector<std::uint64_t> expected = {1,  5,  10, 20, 30,  40,  50,  60, 70,
                                                 80, 90, 95, 99, 100, 100, 100, 100};
    EXPECT_EQ(default_percentiles(h), expected);
}

// 990 samples of 1 us, 9 of 1 ms, 1 of 1 s (n = 1000). The first 990 fill bucket 317
// (value 1004): every percentile up to 99 lands there. 99.5% needs 995 samples, so
// bucket 954 (1003520). 99.9% needs 999: fio computes 1000 * 0.01 * 99.9 in long double
// as a hair above 999, so it takes the 1 s bucket (1591, value 1002438656), as do the
// rest.
TEST(HistogramPercentiles, SkewedSet) {
    LatencyHistogram h;
    for (int i = 0; i < 990; ++i) h.add(1'000);
    for (int i = 0; i < 9; ++i) h.add(1'000'000);
    h.add(1'000'000'000);
    const std::vector<std::uint64_t> expected = {
        1004, 1004, 1004, 1004, 1004, 1004, 1004, 1004, 1004, 1004, 1004, 1004, 1004,
        1'003'520, 1'002'438'656, 1'002'438'656, 1'002'438'656};
    EXPECT_EQ(default_percentiles(h), expected);
}

TEST(HistogramPercentiles, SingleSample) {
    const LatencyHistogram h = histogram_of({5});
    EXPECT_EQ(default_percentiles(h), std::vector<std::uint64_t>(17, 5));
}

// One fast sample and three beyond the last bucket: 20% of 4 is 0.8, met by bucket 0;
// 30% (1.2) needs the capped last bucket.
TEST(HistogramPercentiles, OverflowBucket) {
    const LatencyHistogram h = histogram_of({0, kPow34, kPow34 * 4, ~std::uint64_t{0}});
    const std::vector<std::uint64_t> got = default_percentiles(h);
    ASSERT_EQ(got.size(), 17u);
    for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i], kDefaultPercentiles[i] <= 20 ? 0u : 17'112'760'320u) << i;
    }
}

TEST(HistogramPercentiles, CustomListAndHundredth) {
    const LatencyHistogram h = histogram_of({10, 20, 30, 40});
    const double percents[] = {25, 50, 50.0001, 75, 100};
    EXPECT_EQ(h.percentiles(percents), (std::vector<std::uint64_t>{10, 20, 30, 30, 40}));
}

// Regression for the threshold arithmetic: n = 12000 with 10200 samples in bucket 0 and
// one in each of buckets 1..1800 (running count after bucket k is 10200 + k). At 99.95%
// the exact threshold is 11994, met at bucket 1794; stock fio's long double arithmetic
// (12000 * 0.01L * 99.95) lands just above 11994 and reports bucket 1795:
// 2^33 + 3.5 * 2^27 = 9059696640 (bucket 1794 would be 8925478912).
TEST(HistogramPercentiles, ThresholdRoundsLikeStockFio) {
    LatencyHistogram h;
    h.counts[0] = 10'200;
    for (unsigned i = 1; i <= 1800; ++i) h.counts[i] = 1;
    ASSERT_EQ(h.total(), 12'000u);
    const std::vector<std::uint64_t> expected = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 22'656, 14'745'600, 2'701'131'776, 5'133'828'096,
        8'422'162'432, 9'059'696'640, 9'596'567'552};
    EXPECT_EQ(default_percentiles(h), expected);
}

TEST(HistogramPercentiles, MergeAddsCounts) {
    LatencyHistogram a = histogram_of({1, 2, 3});
    const LatencyHistogram b = histogram_of({3, 1'000'000});
    a.merge(b);
    EXPECT_EQ(a.total(), 5u);
    EXPECT_EQ(a.counts[3], 2u);
    EXPECT_EQ(a.counts[954], 1u);
    const double percents[] = {60, 80, 100};
    EXPECT_EQ(a.percentiles(percents), (std::vector<std::uint64_t>{3, 3, 1'003'520}));
}

}  // namespace
}  // namespace fio::sdk
