#include "workload/offset_generator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

namespace fio::core {
namespace {

// Every offset of one pass, each I/O one block long.
std::vector<std::uint64_t> one_pass(OffsetGenerator& generator, std::uint64_t block) {
    std::vector<std::uint64_t> offsets;
    std::uint64_t offset;
    while (generator.next(offset)) {
        offsets.push_back(offset);
        generator.settle(offset, block);
    }
    return offsets;
}

TEST(OffsetGenerator, SequentialWalksEveryBlockInOrder) {
    OffsetGenerator generator(10 * 4096 + 100, 4096, false, true, 1);
    const auto offsets = one_pass(generator, 4096);
    ASSERT_EQ(offsets.size(), 10u);  // the partial block at the end is not used
    for (std::size_t i = 0; i < offsets.size(); ++i) EXPECT_EQ(offsets[i], i * 4096);
}

TEST(OffsetGenerator, RandomWithMapVisitsEveryBlockExactlyOncePerPass) {
    OffsetGenerator generator(4097 * 512ull, 512, true, true, 42);
    for (int pass = 0; pass < 2; ++pass) {
        const auto offsets = one_pass(generator, 512);
        ASSERT_EQ(offsets.size(), 4097u);
        const std::set<std::uint64_t> unique(offsets.begin(), offsets.end());
        EXPECT_EQ(unique.size(), 4097u);
        EXPECT_EQ(*unique.rbegin(), 4096u * 512);
        EXPECT_FALSE(std::is_sorted(offsets.begin(), offsets.end()));
        generator.start_new_pass();
    }
}

// Stock's t0020 (rw=randread over 256 blocks) allows at most 10 I/Os that follow the
// previous one directly. Taking the next free block after every used one that is drawn
// made 20 to 50 of them, as the map fills; drawing again first keeps a pass random.
TEST(OffsetGenerator, RandomWithMapHasFewSequentialSteps) {
    for (std::uint64_t seed : {0x89ull, 1ull, 2ull, 3ull, 4ull, 5ull, 6ull, 7ull}) {
        OffsetGenerator generator(256 * 4096ull, 4096, true, true, seed);
        const auto offsets = one_pass(generator, 4096);
        ASSERT_EQ(offsets.size(), 256u);
        std::size_t sequential = 0;
        for (std::size_t i = 1; i < offsets.size(); ++i) sequential += offsets[i] == offsets[i - 1] + 4096;
        EXPECT_LE(sequential, 10u) << "seed " << seed;
    }
}

TEST(OffsetGenerator, NorandommapIssuesOnePassWorthOfBlocksWithRepeats) {
    OffsetGenerator generator(4096 * 4096ull, 4096, true, false, 7);
    const auto offsets = one_pass(generator, 4096);
    ASSERT_EQ(offsets.size(), 4096u);
    const std::set<std::uint64_t> unique(offsets.begin(), offsets.end());
    EXPECT_LT(unique.size(), 4096u);  // birthday paradox: repeats are certain here
    for (auto offset : offsets) EXPECT_EQ(offset % 4096, 0u);
}

TEST(OffsetGenerator, SameSeedSameSequence) {
    OffsetGenerator a(1 << 20, 4096, true, true, 99);
    OffsetGenerator b(1 << 20, 4096, true, true, 99);
    EXPECT_EQ(one_pass(a, 4096), one_pass(b, 4096));
}

// Offsets of `count` I/Os of fixed `length`, across passes.
std::vector<std::uint64_t> walk(OffsetGenerator& generator, std::size_t count,
                                std::uint64_t length) {
    std::vector<std::uint64_t> offsets;
    while (offsets.size() < count) {
        std::uint64_t offset;
        if (!generator.next(offset)) {
            generator.start_new_pass();
            continue;
        }
        offsets.push_back(offset);
        generator.settle(offset, length);
    }
    return offsets;
}

std::vector<std::uint64_t> kib(std::initializer_list<std::uint64_t> values) {
    std::vector<std::uint64_t> bytes;
    for (auto v : values) bytes.push_back(v * 1024);
    return bytes;
}

TEST(OffsetGenerator, BackwardsReadMatchesStockFio) {
    // Stock fio 3.33, rw=read:-8k bs=4k size=64k (write_iolog): 0 56 52 ... 4 0, then 56.
    OffsetShape shape;
    shape.region_bytes = 64 * 1024;
    shape.sequential_skip = -8192;
    OffsetGenerator generator(shape, 1);
    EXPECT_EQ(walk(generator, 17, 4096),
              kib({0, 56, 52, 48, 44, 40, 36, 32, 28, 24, 20, 16, 12, 8, 4, 0, 56}));
}

TEST(OffsetGenerator, SkipAfterEachSequentialIoMatchesStockFio) {
    // Stock: rw=write:4k bs=4k size=64k writes 0 8 ... 56 and wraps to 0.
    OffsetShape shape;
    shape.region_bytes = 64 * 1024;
    shape.sequential_skip = 4096;
    OffsetGenerator generator(shape, 1);
    EXPECT_EQ(walk(generator, 10, 4096), kib({0, 8, 16, 24, 32, 40, 48, 56, 0, 8}));
    // cross-stripe-verify.fio's rw=write:112k with bs=16k: one write per 128k stripe.
    shape.region_bytes = 1024 * 1024;
    shape.min_length = shape.unit = 16384;
    shape.sequential_skip = 112 * 1024;
    OffsetGenerator stripes(shape, 1);
    EXPECT_EQ(walk(stripes, 9, 16384), kib({0, 128, 256, 384, 512, 640, 768, 896, 0}));
}

TEST(OffsetGenerator, SkipLandingWithoutRoomForAnIoEndsThePass) {
    // fio's t0007: rw=read:512k bs=1m size=128m reads 85 blocks (87040 KiB), 0 to 126m;
    // the skip after the last lands at 127.5m, where no 1m read fits, and the pass ends.
    OffsetShape shape;
    shape.region_bytes = 128ull << 20;
    shape.min_length = shape.unit = 1 << 20;
    shape.sequential_skip = 512 * 1024;
    OffsetGenerator generator(shape, 1);
    std::vector<std::uint64_t> offsets;
    std::uint64_t offset;
    while (generator.next(offset)) {
        offsets.push_back(offset);
        generator.settle(offset, 1 << 20);
    }
    ASSERT_EQ(offsets.size(), 85u);
    EXPECT_EQ(offsets.back(), 126ull << 20);
}

TEST(OffsetGenerator, RandomWithModifierFollowsOnForNMinusOneIos) {
    OffsetShape shape;
    shape.region_bytes = 1 << 20;
    shape.random = true;
    shape.ios_per_offset = 4;
    OffsetGenerator generator(shape, 9);
    const auto offsets = walk(generator, 64, 4096);
    for (std::size_t i = 0; i < offsets.size(); ++i) {
        if (i % 4 != 0 && offsets[i - 1] + 4096 < shape.region_bytes) {
            EXPECT_EQ(offsets[i], offsets[i - 1] + 4096) << i;
        }
    }
    shape.sequencer = RwSequencer::identical;
    OffsetGenerator same(shape, 9);
    const auto repeated = walk(same, 64, 4096);
    for (std::size_t i = 0; i < repeated.size(); ++i) {
        EXPECT_EQ(repeated[i], repeated[i - i % 4]) << i;
    }
    EXPECT_NE(repeated[0], repeated[4]);
}

TEST(OffsetGenerator, VariableSizesWithTheMapNeverOverlapWithinAPass) {
    // Map at 4k; lengths of 4k to 64k. An I/O running into a used block is cut there.
    OffsetShape shape;
    shape.region_bytes = 4 << 20;
    shape.random = true;
    OffsetGenerator generator(shape, 3);
    Rng lengths(5);
    std::vector<bool> covered(shape.region_bytes / 4096);
    std::uint64_t offset;
    std::uint64_t bytes = 0;
    while (generator.next(offset)) {
        const std::uint64_t wanted =
            std::min<std::uint64_t>(4096 * (1 + lengths.below(16)), shape.region_bytes - offset);
        const std::uint64_t length = generator.settle(offset, wanted);
        ASSERT_LE(length, wanted);
        ASSERT_EQ(offset % 4096, 0u);
        for (std::uint64_t b = offset / 4096; b < (offset + length) / 4096; ++b) {
            ASSERT_FALSE(covered[b]) << "block " << b << " twice";
            covered[b] = true;
        }
        bytes += length;
    }
    EXPECT_EQ(bytes, shape.region_bytes);  // every block once, none twice
}

TEST(OffsetGenerator, BlockalignOffsetsWithoutAMap) {
    // jesd219.fio: sizes from 512 bytes, offsets aligned to 4k.
    OffsetShape shape;
    shape.region_bytes = 1 << 20;
    shape.random = true;
    shape.unit = 4096;
    shape.min_length = 512;
    shape.use_map = false;
    OffsetGenerator generator(shape, 11);
    std::uint64_t offset;
    std::uint64_t bytes = 0;
    while (generator.next(offset)) {
        EXPECT_EQ(offset % 4096, 0u);
        bytes += generator.settle(offset, 512);
    }
    EXPECT_EQ(bytes, shape.region_bytes);  // one region's worth of bytes per pass
}

}  // namespace
}  // namespace fio::core
