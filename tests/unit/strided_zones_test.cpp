// Exact offsets of zonemode=strided walks; the expected lists are what stock fio 3.33
// issued for the same options (its write_iolog), in KiB.
#include "workload/strided_zones.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

namespace fio::core {
namespace {

constexpr std::uint64_t KiB = 1024;

std::vector<std::uint64_t> walk_kib(const ZoneSpec& zones, std::uint64_t start,
                                    std::uint64_t file_end, std::size_t count,
                                    std::uint64_t bs = 4 * KiB) {
    StridedZoneWalker walker(zones, start, file_end, bs, false, ZoneBlockOrder::random_map, 1);
    std::vector<std::uint64_t> offsets;
    std::uint64_t offset = 0;
    while (offsets.size() < count && walker.next(bs, offset)) offsets.push_back(offset / KiB);
    return offsets;
}

TEST(StridedZones, ZoneskipMovesByZonesizePlusSkip) {
    const ZoneSpec zones{ZoneMode::strided, 8 * KiB, 0, 1024 * KiB};
    EXPECT_EQ(walk_kib(zones, 0, 64 * 1024 * KiB, 8),
              (std::vector<std::uint64_t>{0, 4, 1032, 1036, 2064, 2068, 3096, 3100}));
}

TEST(StridedZones, WrapsToTheStartWhenTheNextZoneBeginsPastTheEnd) {
    const ZoneSpec zones{ZoneMode::strided, 16 * KiB, 0, 24 * KiB};
    EXPECT_EQ(walk_kib(zones, 0, 200 * KiB, 24),
              (std::vector<std::uint64_t>{0,   4,   8,   12,  40,  44,  48,  52,
                                          80,  84,  88,  92,  120, 124, 128, 132,
                                          160, 164, 168, 172, 0,   4,   8,   12}));
}

TEST(StridedZones, SequentialPassEndsWhenAnIoWouldCrossTheEndOfTheFile) {
    const ZoneSpec zones{ZoneMode::strided, 16 * KiB, 0, 24 * KiB};
    EXPECT_EQ(walk_kib(zones, 0, 90 * KiB, 100),
              (std::vector<std::uint64_t>{0, 4, 8, 12, 40, 44, 48, 52, 80, 84}));
}

TEST(StridedZones, ZonerangeLargerThanZonesizeLeavesTheRestOfEachZone) {
    const ZoneSpec zones{ZoneMode::strided, 8 * KiB, 64 * KiB, 64 * KiB};
    EXPECT_EQ(walk_kib(zones, 0, 64 * 1024 * KiB, 8),
              (std::vector<std::uint64_t>{0, 4, 128, 132, 256, 260, 384, 388}));
}

TEST(StridedZones, ZonesizeLargerThanZonerangeRepeatsTheZone) {
    const ZoneSpec zones{ZoneMode::strided, 64 * KiB, 16 * KiB, 0};
    EXPECT_EQ(walk_kib(zones, 0, 64 * 1024 * KiB, 20),
              (std::vector<std::uint64_t>{0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12, 0, 4, 8, 12,
                                          16, 20, 24, 28}));
}

TEST(StridedZones, RepeatsStartAtTheZoneStartFromAnOffset) {
    // zonesize=12k zonerange=8k zoneskip=16k offset=4k
    const ZoneSpec zones{ZoneMode::strided, 12 * KiB, 8 * KiB, 16 * KiB};
    EXPECT_EQ(walk_kib(zones, 4 * KiB, 64 * 1024 * KiB, 9),
              (std::vector<std::uint64_t>{4, 8, 4, 28, 32, 28, 52, 56, 52}));
}

TEST(StridedZones, ZonesizeNotAMultipleOfTheBlockSize) {
    const ZoneSpec zones{ZoneMode::strided, 6 * KiB, 0, 0};
    EXPECT_EQ(walk_kib(zones, 0, 64 * 1024 * KiB, 8),
              (std::vector<std::uint64_t>{0, 4, 6, 10, 12, 16, 18, 22}));
}

TEST(StridedZones, ZonerangeBeyondTheFileStaysInTheFirstZone) {
    const ZoneSpec zones{ZoneMode::strided, 8 * KiB, 100 * 1024 * KiB, 0};
    EXPECT_EQ(walk_kib(zones, 0, 64 * 1024 * KiB, 6),
              (std::vector<std::uint64_t>{0, 4, 0, 4, 0, 4}));
}

TEST(StridedZones, RestartGoesBackToTheFirstZone) {
    const ZoneSpec zones{ZoneMode::strided, 8 * KiB, 0, 8 * KiB};
    StridedZoneWalker walker(zones, 0, 1024 * KiB, 4 * KiB, false, ZoneBlockOrder::random_map, 1);
    std::uint64_t offset = 0;
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(walker.next(4 * KiB, offset));
    EXPECT_EQ(offset, 16 * KiB);
    walker.restart();
    ASSERT_TRUE(walker.next(4 * KiB, offset));
    EXPECT_EQ(offset, 0u);
}

TEST(StridedZones, RandomVisitsEachBlockOfAZoneOncePerZonerange) {
    // zonesize=64k zonerange=16k: four rounds over the same four blocks, then the next zone.
    const ZoneSpec zones{ZoneMode::strided, 64 * KiB, 16 * KiB, 0};
    StridedZoneWalker walker(zones, 0, 1024 * KiB, 4 * KiB, true, ZoneBlockOrder::random_map, 7);
    for (std::uint64_t zone = 0; zone < 3; ++zone) {
        for (int round = 0; round < 4; ++round) {
            std::set<std::uint64_t> seen;
            for (int i = 0; i < 4; ++i) {
                std::uint64_t offset = 0;
                ASSERT_TRUE(walker.next(4 * KiB, offset));
                EXPECT_EQ(offset % (4 * KiB), 0u);
                seen.insert(offset);
            }
            EXPECT_EQ(seen, (std::set<std::uint64_t>{zone * 16 * KiB, zone * 16 * KiB + 4 * KiB,
                                                     zone * 16 * KiB + 8 * KiB,
                                                     zone * 16 * KiB + 12 * KiB}));
        }
    }
}

TEST(StridedZones, RandomStaysInsideZonesShortenedByTheEndOfTheFile) {
    const ZoneSpec zones{ZoneMode::strided, 16 * KiB, 0, 8 * KiB};
    StridedZoneWalker walker(zones, 0, 56 * KiB, 4 * KiB, true, ZoneBlockOrder::random_map, 3);
    for (int i = 0; i < 200; ++i) {
        std::uint64_t offset = 0;
        ASSERT_TRUE(walker.next(4 * KiB, offset));
        EXPECT_LE(offset + 4 * KiB, 56 * KiB);
        // zones at 0 and 24k (48k would start inside the file but holds 8k only)
        const std::uint64_t in_step = offset % (24 * KiB);
        EXPECT_LT(in_step, 16 * KiB) << offset;
    }
}

TEST(StridedZones, LfsrWalksEachBlockOncePerZonerangeInAFreshOrder) {
    // zonesize=64k zonerange=32k: two walks over the zone's eight blocks, then the
    // next zone; each walk covers every block once, and the walks differ in order.
    const ZoneSpec zones{ZoneMode::strided, 64 * KiB, 32 * KiB, 0};
    StridedZoneWalker walker(zones, 0, 1024 * KiB, 4 * KiB, true, ZoneBlockOrder::lfsr_walk, 5);
    std::set<std::vector<std::uint64_t>> orders;
    for (std::uint64_t zone = 0; zone < 8; ++zone) {
        for (int walk = 0; walk < 2; ++walk) {
            std::vector<std::uint64_t> order;
            for (int i = 0; i < 8; ++i) {
                std::uint64_t offset = 0;
                ASSERT_TRUE(walker.next(4 * KiB, offset));
                ASSERT_GE(offset, zone * 32 * KiB);
                order.push_back((offset - zone * 32 * KiB) / (4 * KiB));
            }
            EXPECT_EQ(std::set<std::uint64_t>(order.begin(), order.end()).size(), 8u);
            EXPECT_LT(*std::max_element(order.begin(), order.end()), 8u);
            orders.insert(order);
        }
    }
    // Each walk is keyed anew; over eight blocks the keyed orders are few, but vary.
    EXPECT_GE(orders.size(), 4u);
}

TEST(StridedZones, LfsrCoversZonesShortenedByTheEndOfTheFile) {
    // 5 blocks of 4k: zones at 0 (3 blocks) and 12k (the 2 left), each walked whole.
    const ZoneSpec zones{ZoneMode::strided, 12 * KiB, 12 * KiB, 0};
    StridedZoneWalker walker(zones, 0, 20 * KiB, 4 * KiB, true, ZoneBlockOrder::lfsr_walk, 9);
    for (int round = 0; round < 4; ++round) {
        std::set<std::uint64_t> first;
        std::set<std::uint64_t> second;
        std::uint64_t offset = 0;
        for (int i = 0; i < 3; ++i) {
            ASSERT_TRUE(walker.next(4 * KiB, offset));
            first.insert(offset / KiB);
        }
        for (int i = 0; i < 3; ++i) {  // 12k of I/O over the last zone's two blocks
            ASSERT_TRUE(walker.next(4 * KiB, offset));
            second.insert(offset / KiB);
        }
        EXPECT_EQ(first, (std::set<std::uint64_t>{0, 4, 8}));
        EXPECT_EQ(second, (std::set<std::uint64_t>{12, 16}));
    }
}

}  // namespace
}  // namespace fio::core
