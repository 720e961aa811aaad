#include "options/distribution_parser.hpp"
#include "options/value_parsers.hpp"
#include "workload/block_picker.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <vector>

namespace fio::core {
namespace {

std::vector<std::uint64_t> counts(const char* distribution, std::uint64_t blocks, int draws,
                                  std::uint64_t seed = 7) {
    BlockPicker picker(parse_random_distribution(distribution, 1024),
                       OffsetGeneratorKind::tausworthe, blocks, 4096, seed);
    Rng rng(seed);
    std::vector<std::uint64_t> hits(blocks);
    for (int i = 0; i < draws; ++i) {
        const std::uint64_t block = picker.pick(rng);
        EXPECT_LT(block, blocks);
        if (block < blocks) ++hits[block];
    }
    return hits;
}

// Share of draws that went to the hottest `fraction` of blocks.
double hottest_share(std::vector<std::uint64_t> hits, double fraction) {
    std::sort(hits.begin(), hits.end(), std::greater<>());
    const auto top = static_cast<std::size_t>(fraction * static_cast<double>(hits.size()));
    double sum = 0;
    double total = 0;
    for (std::size_t i = 0; i < hits.size(); ++i) {
        total += static_cast<double>(hits[i]);
        if (i < top) sum += static_cast<double>(hits[i]);
    }
    return sum / total;
}

double zipf_prefix_mass(std::uint64_t n, double theta, std::uint64_t prefix) {
    double head = 0;
    double all = 0;
    for (std::uint64_t k = 1; k <= n; ++k) {
        const double p = std::pow(static_cast<double>(k), -theta);
        all += p;
        if (k <= prefix) head += p;
    }
    return head / all;
}

TEST(BlockPicker, ZipfRanksFollowTheExactZipfLaw) {
    // With center 0 the rank is the block: block k-1 has probability k^-theta / zeta(n).
    const auto hits = counts("zipf:1.2:0", 10, 400000);
    for (std::uint64_t k = 1; k <= 10; ++k) {
        const double expected = zipf_prefix_mass(10, 1.2, k) - zipf_prefix_mass(10, 1.2, k - 1);
        EXPECT_NEAR(static_cast<double>(hits[k - 1]) / 400000, expected, 0.004) << "rank " << k;
    }
}

TEST(BlockPicker, ZipfHottestTenthGetsWhatTheLawPredictsWhereverItIsPlaced) {
    // zipf:1.2 over 10000 blocks: the hottest 10% get sum(k^-1.2, k<=1000)/zeta = 88.5%.
    const double predicted = zipf_prefix_mass(10000, 1.2, 1000);
    EXPECT_GT(predicted, 0.85);
    const auto scattered = counts("zipf:1.2", 10000, 400000);
    EXPECT_NEAR(hottest_share(scattered, 0.1), predicted, 0.01);
    // Scattered: the hot blocks are not all at the start.
    std::uint64_t first_tenth = 0;
    for (std::size_t i = 0; i < 1000; ++i) first_tenth += scattered[i];
    EXPECT_LT(static_cast<double>(first_tenth) / 400000, 0.5);
    const auto half = counts("zipf:0.5", 10000, 400000);
    EXPECT_NEAR(hottest_share(half, 0.1), zipf_prefix_mass(10000, 0.5, 1000), 0.01);
}

TEST(BlockPicker, ZipfWithACenterPutsTheHottestBlockThere) {
    const auto hits = counts("zipf:1.5:0.25", 1000, 100000);
    EXPECT_EQ(std::max_element(hits.begin(), hits.end()) - hits.begin(), 250);
}

TEST(BlockPicker, ParetoGivesItsFractionOfBlocksTheRestOfTheIo) {
    // pareto:0.2: 20% of the blocks get 80% of the I/O; pareto:0.1: 10% get 90%.
    EXPECT_NEAR(hottest_share(counts("pareto:0.2", 10000, 400000), 0.2), 0.8, 0.01);
    EXPECT_NEAR(hottest_share(counts("pareto:0.1", 10000, 400000), 0.1), 0.9, 0.01);
}

TEST(BlockPicker, NormalHasItsDeviationAroundTheCenter) {
    // normal:10 over 10000 blocks: sigma = 1000 blocks around block 5000; 68.3% within.
    const auto hits = counts("normal:10", 10000, 200000);
    std::uint64_t within = 0;
    for (std::size_t i = 4000; i < 6000; ++i) within += hits[i];
    EXPECT_NEAR(static_cast<double>(within) / 200000, 0.6827, 0.01);
    const auto fixed = counts("normal:0:0.75", 1000, 100);
    EXPECT_EQ(fixed[750], 100u);
}

TEST(BlockPicker, ZonedPutsEachShareInItsZone) {
    // rand-zones.fio: 50% in the first 5%, 30% in the next 15%, 20% in the last 80%.
    const auto hits = counts("zoned:50/5:30/15:20/", 10000, 200000);
    double zone[3] = {};
    for (std::size_t i = 0; i < hits.size(); ++i) {
        zone[i < 500 ? 0 : i < 2000 ? 1 : 2] += static_cast<double>(hits[i]) / 200000;
    }
    EXPECT_NEAR(zone[0], 0.5, 0.006);
    EXPECT_NEAR(zone[1], 0.3, 0.006);
    EXPECT_NEAR(zone[2], 0.2, 0.006);
}

TEST(BlockPicker, ZonedAbsSizesAreBytes) {
    // 4k blocks: 60% in the first 1m (256 blocks), 40% in the next 3m; nothing after 4m.
    const auto hits = counts("zoned_abs:60/1m:40/3m", 2048, 100000);
    double first = 0;
    double beyond = 0;
    for (std::size_t i = 0; i < hits.size(); ++i) {
        if (i < 256) first += static_cast<double>(hits[i]);
        if (i >= 1024) beyond += static_cast<double>(hits[i]);
    }
    EXPECT_NEAR(first / 100000, 0.6, 0.01);
    EXPECT_EQ(beyond, 0);
}

TEST(BlockPicker, LfsrVisitsEveryBlockOncePerPass) {
    for (std::uint64_t blocks : {1ull, 2ull, 3ull, 1000ull, 1024ull, 1025ull}) {
        BlockPicker picker({}, OffsetGeneratorKind::lfsr, blocks, 4096, 3);
        Rng rng(1);
        for (int pass = 0; pass < 2; ++pass) {
            std::set<std::uint64_t> seen;
            std::vector<std::uint64_t> order;
            for (std::uint64_t i = 0; i < blocks; ++i) {
                order.push_back(picker.pick(rng));
                seen.insert(order.back());
            }
            EXPECT_EQ(seen.size(), blocks);
            EXPECT_LT(*seen.rbegin(), blocks);
            if (blocks >= 1000) {
                EXPECT_FALSE(std::is_sorted(order.begin(), order.end()));
            }
            picker.restart();
        }
    }
}

TEST(DistributionParser, AcceptsStocksFormsAndRefusesItsErrors) {
    EXPECT_EQ(parse_random_distribution("random", 1024).kind, OffsetDistribution::uniform);
    const auto zipf = parse_random_distribution("zipf:1.2:0.25", 1024);
    EXPECT_EQ(zipf.kind, OffsetDistribution::zipf);
    EXPECT_DOUBLE_EQ(zipf.parameter, 1.2);
    EXPECT_DOUBLE_EQ(zipf.center, 0.25);
    const auto zones = parse_random_distribution("zoned:50/5:30/15:20/", 1024);
    ASSERT_EQ(zones.zones.size(), 3u);
    EXPECT_DOUBLE_EQ(zones.zones[2].size_percent, 80);
    const auto abs = parse_random_distribution("zoned_abs:60/20G:30/100G:10/500g", 1024);
    EXPECT_EQ(abs.zones[1].size_bytes, 100ull << 30);
    for (const char* bad : {"zipf:1", "zipf", "zipf:0", "zipf:abc", "pareto:1", "pareto:0.5:2",
                            "normal:101", "zoned:50/5:30/15", "zoned:50/5:60/15:20/80",
                            "zoned_abs:50/1m:50/", "gauss:5", "zoned:50/5:50/95,20/20:80/80",
                            "foo", "random:3"}) {
        EXPECT_THROW(parse_random_distribution(bad, 1024), ValueError) << bad;
    }
}

}  // namespace
}  // namespace fio::core
