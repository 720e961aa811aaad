#include "workload/random_map.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <set>
#include <vector>

namespace fio::core {
namespace {

constexpr std::uint64_t kNoBlock = RandomMap::kNoBlock;

// The map's contract in its plainest form: the first free block at or after `start`,
// else the first free block overall. O(log n) per claim, so usable up to ~10^5 blocks.
class ReferenceMap {
public:
    explicit ReferenceMap(std::uint64_t blocks) {
        for (std::uint64_t b = 0; b < blocks; ++b) free_.insert(free_.end(), b);
    }
    std::uint64_t claim(std::uint64_t start) {
        if (free_.empty()) return kNoBlock;
        auto it = free_.lower_bound(start);
        if (it == free_.end()) it = free_.begin();
        const std::uint64_t block = *it;
        free_.erase(it);
        return block;
    }

private:
    std::set<std::uint64_t> free_;
};

// Claims every block of `map` from random starting points and checks each block comes
// out exactly once, then that the map reports itself full.
void claim_all_randomly(RandomMap& map, std::mt19937_64& rng, bool compare_with_reference) {
    const std::uint64_t blocks = map.blocks();
    std::vector<bool> seen(blocks, false);
    ReferenceMap reference(compare_with_reference ? blocks : 0);
    std::uniform_int_distribution<std::uint64_t> pick(0, blocks - 1);
    for (std::uint64_t i = 0; i < blocks; ++i) {
        const std::uint64_t start = pick(rng);
        const std::uint64_t block = map.claim(start);
        ASSERT_LT(block, blocks) << "claim " << i << " from " << start;
        ASSERT_FALSE(seen[block]) << "block " << block << " handed out twice";
        seen[block] = true;
        if (compare_with_reference) {
            ASSERT_EQ(block, reference.claim(start)) << "from " << start;
        }
        ASSERT_TRUE(map.is_used(block));
        ASSERT_EQ(map.used(), i + 1);
    }
    EXPECT_TRUE(map.full());
    EXPECT_EQ(map.claim(0), kNoBlock);
    EXPECT_EQ(map.claim(blocks - 1), kNoBlock);
    EXPECT_EQ(map.used(), blocks);
}

class RandomMapSizes : public testing::TestWithParam<std::uint64_t> {};

TEST_P(RandomMapSizes, EveryBlockClaimedExactlyOncePerPass) {
    const std::uint64_t blocks = GetParam();
    const bool small = blocks <= 65536;
    std::mt19937_64 rng(blocks * 7919 + 1);
    RandomMap map(blocks);
    EXPECT_EQ(map.blocks(), blocks);
    EXPECT_EQ(map.used(), 0u);
    EXPECT_FALSE(map.full());

    claim_all_randomly(map, rng, small);
    map.reset();  // a second pass behaves like the first
    EXPECT_EQ(map.used(), 0u);
    EXPECT_FALSE(map.full());
    EXPECT_FALSE(map.is_used(0));
    EXPECT_FALSE(map.is_used(blocks - 1));
    claim_all_randomly(map, rng, small);
}

INSTANTIATE_TEST_SUITE_P(Sizes, RandomMapSizes,
                         testing::Values(1, 2, 63, 64, 65, 127, 128, 129, 4095, 4096, 4097,
                                         262143, 262145, 1u << 20));

TEST(RandomMap, ClaimOfFreeBlockReturnsIt) {
    RandomMap map(100);
    EXPECT_EQ(map.claim(42), 42u);
    EXPECT_EQ(map.claim(0), 0u);
    EXPECT_EQ(map.claim(99), 99u);
    EXPECT_EQ(map.used(), 3u);
    EXPECT_TRUE(map.is_used(42));
    EXPECT_FALSE(map.is_used(43));
}

TEST(RandomMap, ClaimOfUsedBlockReturnsNextFree) {
    RandomMap map(200);
    for (std::uint64_t b = 10; b < 150; ++b) ASSERT_EQ(map.claim(b), b);
    EXPECT_EQ(map.claim(10), 150u);  // crosses two full 64-bit words
    EXPECT_EQ(map.claim(149), 151u);
    EXPECT_EQ(map.claim(63), 152u);
}

TEST(RandomMap, ClaimWrapsToTheStart) {
    RandomMap map(130);
    for (std::uint64_t b = 100; b < 130; ++b) ASSERT_EQ(map.claim(b), b);
    EXPECT_EQ(map.claim(129), 0u);
    EXPECT_EQ(map.claim(120), 1u);
    for (std::uint64_t b = 2; b < 99; ++b) ASSERT_EQ(map.claim(b), b);
    EXPECT_EQ(map.claim(100), 99u);  // the last free block, reached by wrapping
    EXPECT_TRUE(map.full());
    EXPECT_EQ(map.claim(5), kNoBlock);
}

TEST(RandomMap, StartBeyondTheEndWrapsToZero) {
    RandomMap map(65);
    EXPECT_EQ(map.claim(65), 0u);
    EXPECT_EQ(map.claim(1000), 1u);
    EXPECT_EQ(map.claim(kNoBlock), 2u);
    EXPECT_FALSE(map.is_used(65));
    EXPECT_FALSE(map.is_used(kNoBlock));
}

// Bits past the last block share a word with real blocks; they must never be handed out.
TEST(RandomMap, TailBitsAreNeverClaimed) {
    for (std::uint64_t blocks : {1u, 63u, 65u, 100u, 4097u}) {
        RandomMap map(blocks);
        for (std::uint64_t i = 0; i < blocks; ++i) {
            ASSERT_LT(map.claim(blocks - 1), blocks) << blocks;
        }
        EXPECT_EQ(map.claim(blocks - 1), kNoBlock) << blocks;
    }
}

TEST(RandomMap, SingleBlock) {
    RandomMap map(1);
    EXPECT_FALSE(map.full());
    EXPECT_EQ(map.claim(0), 0u);
    EXPECT_TRUE(map.full());
    EXPECT_EQ(map.claim(0), kNoBlock);
    map.reset();
    EXPECT_EQ(map.claim(7), 0u);
}

TEST(RandomMap, EmptyMapIsFull) {
    RandomMap map(0);
    EXPECT_TRUE(map.full());
    EXPECT_EQ(map.used(), 0u);
    EXPECT_EQ(map.claim(0), kNoBlock);
    EXPECT_FALSE(map.is_used(0));
}

// A sequential fill: the summary levels must report each word as it fills, so the last
// free block is found from anywhere.
TEST(RandomMap, LastFreeBlockFoundFromAnywhere) {
    const std::uint64_t blocks = 64 * 64 * 64 + 5;  // four levels
    RandomMap map(blocks);
    const std::uint64_t last_free = 12345;
    for (std::uint64_t b = 0; b < blocks; ++b) {
        if (b != last_free) {
            ASSERT_EQ(map.claim(b), b);
        }
    }
    EXPECT_FALSE(map.full());
    EXPECT_EQ(map.claim(blocks - 1), last_free);
    EXPECT_TRUE(map.full());
    map.reset();
    for (std::uint64_t b = 0; b < blocks; ++b) {
        if (b != last_free) {
            ASSERT_EQ(map.claim(b), b);
        }
    }
    EXPECT_EQ(map.claim(last_free + 1), last_free);
}

// 2^30 blocks (a 4 TiB file at 4 KiB): 128 MiB of level-0 bits, five levels.
TEST(RandomMap, VeryLargeMap) {
    const std::uint64_t blocks = std::uint64_t{1} << 30;
    RandomMap map(blocks);
    EXPECT_EQ(map.claim(blocks - 1), blocks - 1);
    EXPECT_EQ(map.claim(blocks - 1), 0u);
    EXPECT_EQ(map.claim(0), 1u);
    EXPECT_EQ(map.claim(123456789), 123456789u);
    EXPECT_EQ(map.claim(123456789), 123456790u);
    EXPECT_EQ(map.used(), 5u);
    EXPECT_TRUE(map.is_used(blocks - 1));
    EXPECT_FALSE(map.is_used(blocks - 2));
    map.reset();
    EXPECT_EQ(map.used(), 0u);
    EXPECT_FALSE(map.is_used(blocks - 1));
    EXPECT_EQ(map.claim(blocks - 1), blocks - 1);
}

}  // namespace
}  // namespace fio::core
