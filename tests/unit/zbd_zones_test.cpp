// Exact offsets of zonemode=zbd's zone emulation. The rules are the ones stock fio
// 3.33 follows on a regular file (its write_iolog and --debug=zbd): writes go to the
// write pointer of their zone, a full zone is reset when written again, max_open_zones
// sends writes for other zones to the open ones, reads stay below the write pointers.
#include "workload/zbd_zones.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace fio::core {
namespace {

constexpr std::uint64_t KiB = 1024;
constexpr std::uint64_t MiB = 1024 * KiB;

struct Io {
    bool ok;
    std::uint64_t offset;
    std::uint64_t length;
};

Io write(ZbdZones& zones, ZbdJobView& job, std::uint64_t offset, std::uint64_t length = 64 * KiB) {
    const bool ok = zones.adjust(job, true, offset, length);
    return {ok, offset, length};
}

Io read(ZbdZones& zones, ZbdJobView& job, std::uint64_t offset, std::uint64_t length = 64 * KiB) {
    const bool ok = zones.adjust(job, false, offset, length);
    return {ok, offset, length};
}

ZbdJobView job_of(const ZbdZones& zones, std::uint64_t start, std::uint64_t bytes, bool random,
                  std::uint64_t min_bs = 64 * KiB) {
    ZbdJobView job = zones.view(start, bytes);
    job.random = random;
    job.min_read = min_bs;
    job.min_write = min_bs;
    return job;
}

TEST(ZbdZones, ZonesCoverTheFileAndStartEmpty) {
    const ZbdZones zones(1 * MiB, 0, 0, 8 * MiB + 4 * KiB);
    EXPECT_EQ(zones.zone_count(), 9u);  // the last one only partly in the file
    EXPECT_EQ(zones.zone_capacity(), 1 * MiB);
    for (std::uint32_t z = 0; z < zones.zone_count(); ++z) EXPECT_EQ(zones.write_pointer(z), z * MiB);
    EXPECT_FALSE(zones.has_data());
    const ZbdJobView job = zones.view(1 * MiB, 3 * MiB);
    EXPECT_EQ(job.first_zone, 1u);
    EXPECT_EQ(job.end_zone, 4u);
}

TEST(ZbdZones, WritesGoToTheWritePointerOfTheirZone) {
    ZbdZones zones(1 * MiB, 0, 0, 8 * MiB);
    ZbdJobView job = job_of(zones, 0, 8 * MiB, true);
    std::vector<std::uint64_t> offsets;
    for (const std::uint64_t at : {5 * MiB + 320 * KiB, 0 * MiB + 960 * KiB, 5 * MiB, 5 * MiB + 64 * KiB,
                                   2 * MiB + 1000 * KiB}) {
        const Io io = write(zones, job, at);
        ASSERT_TRUE(io.ok);
        EXPECT_EQ(io.length, 64 * KiB);
        offsets.push_back(io.offset / KiB);
    }
    EXPECT_EQ(offsets, (std::vector<std::uint64_t>{5120, 0, 5184, 5248, 2048}));
    EXPECT_EQ(zones.write_pointer(5), 5 * MiB + 192 * KiB);
    EXPECT_TRUE(zones.has_data());
}

TEST(ZbdZones, AFullZoneIsResetWhenWrittenAgain) {
    ZbdZones zones(1 * MiB, 0, 0, 2 * MiB);
    ZbdJobView job = job_of(zones, 0, 2 * MiB, false);
    for (std::uint64_t at = 0; at < 1 * MiB; at += 64 * KiB) ASSERT_EQ(write(zones, job, at).offset, at);
    EXPECT_EQ(zones.write_pointer(0), 1 * MiB);
    EXPECT_EQ(job.resets, 0u);
    const Io again = write(zones, job, 512 * KiB);
    EXPECT_EQ(again.offset, 0u);
    EXPECT_EQ(job.resets, 1u);
    EXPECT_EQ(zones.write_pointer(0), 64 * KiB);
}

TEST(ZbdZones, BlocksThatDoNotDivideTheZoneResetItOnceTooLittleIsLeft) {
    // stock 3.33, bs=48k, zonesize=1M: 21 writes fill zone 0 up to 1008k, then it
    // starts over at 0 (the sequential walk follows it).
    ZbdZones zones(1 * MiB, 0, 0, 2 * MiB);
    ZbdJobView job = job_of(zones, 0, 2 * MiB, false, 48 * KiB);
    std::uint64_t at = 0;
    for (int i = 0; i < 21; ++i) {
        const Io io = write(zones, job, at, 48 * KiB);
        ASSERT_EQ(io.offset, at);
        at = io.offset + io.length;
    }
    EXPECT_EQ(at, 1008 * KiB);
    EXPECT_EQ(write(zones, job, at, 48 * KiB).offset, 0u);
    EXPECT_EQ(job.resets, 1u);
}

TEST(ZbdZones, WritesAreCutToTheZoneCapacity) {
    ZbdZones zones(1 * MiB, 768 * KiB, 0, 2 * MiB);
    ZbdJobView job = job_of(zones, 0, 2 * MiB, true, 16 * KiB);
    for (int i = 0; i < 11; ++i) write(zones, job, 0);
    EXPECT_EQ(zones.write_pointer(0), 704 * KiB);
    const Io cut = write(zones, job, 100 * KiB, 96 * KiB);
    EXPECT_EQ(cut.offset, 704 * KiB);
    EXPECT_EQ(cut.length, 64 * KiB);
    EXPECT_EQ(write(zones, job, 0).offset, 0u);  // full at 768k: reset
}

TEST(ZbdZones, MaxOpenZonesSendsWritesToTheOpenZones) {
    ZbdZones zones(1 * MiB, 0, 2, 8 * MiB);
    ZbdJobView job = job_of(zones, 0, 8 * MiB, true);
    EXPECT_EQ(write(zones, job, 100 * KiB).offset, 0u);
    EXPECT_EQ(write(zones, job, 5 * MiB + 7 * KiB).offset, 5 * MiB);
    EXPECT_EQ(zones.open_zones(), (std::vector<std::uint32_t>{0, 5}));
    // Zone 3 cannot be opened: the open zone at the write's place in the region
    // (3M of 8M: the first of two) takes it; 7M: the second.
    EXPECT_EQ(write(zones, job, 3 * MiB).offset, 64 * KiB);
    EXPECT_EQ(write(zones, job, 7 * MiB).offset, 5 * MiB + 64 * KiB);
    EXPECT_EQ(zones.write_pointer(3), 3 * MiB);
    EXPECT_EQ(job.open, 2u);
}

TEST(ZbdZones, AZoneClosesWhenFullAndAnotherOpens) {
    ZbdZones zones(1 * MiB, 0, 2, 8 * MiB);
    ZbdJobView job = job_of(zones, 0, 8 * MiB, true);
    write(zones, job, 5 * MiB);
    for (int i = 0; i < 16; ++i) write(zones, job, 0);
    EXPECT_EQ(zones.open_zones(), (std::vector<std::uint32_t>{5}));
    EXPECT_EQ(write(zones, job, 3 * MiB + 512 * KiB).offset, 3 * MiB);
    EXPECT_EQ(zones.open_zones(), (std::vector<std::uint32_t>{5, 3}));
    // The full zone 0 may open again: it is reset.
    write(zones, job, 5 * MiB);
    for (int i = 0; i < 14; ++i) write(zones, job, 5 * MiB);
    EXPECT_EQ(zones.open_zones(), (std::vector<std::uint32_t>{3}));
    EXPECT_EQ(write(zones, job, 200 * KiB).offset, 0u);
    EXPECT_EQ(job.resets, 1u);
}

TEST(ZbdZones, JobMaxOpenZonesCapsOneJobWithinTheDeviceLimit) {
    ZbdZones zones(1 * MiB, 0, 4, 8 * MiB);
    ZbdJobView one = job_of(zones, 0, 8 * MiB, true);
    one.max_open = 1;
    ZbdJobView two = job_of(zones, 0, 8 * MiB, true);
    two.max_open = 1;
    EXPECT_EQ(write(zones, one, 2 * MiB).offset, 2 * MiB);
    EXPECT_EQ(write(zones, one, 6 * MiB).offset, 2 * MiB + 64 * KiB);  // its one zone
    EXPECT_EQ(write(zones, two, 6 * MiB).offset, 6 * MiB);
    EXPECT_EQ(zones.open_zones(), (std::vector<std::uint32_t>{2, 6}));
}

TEST(ZbdZones, ReadsFindNothingInEmptyZones) {
    ZbdZones zones(1 * MiB, 0, 0, 8 * MiB);
    ZbdJobView seq = job_of(zones, 0, 8 * MiB, false);
    ZbdJobView random = job_of(zones, 0, 8 * MiB, true);
    EXPECT_FALSE(read(zones, seq, 0).ok);
    EXPECT_FALSE(read(zones, random, 3 * MiB).ok);
    seq.read_beyond_wp = true;
    const Io beyond = read(zones, seq, 3 * MiB);
    EXPECT_TRUE(beyond.ok);
    EXPECT_EQ(beyond.offset, 3 * MiB);
}

TEST(ZbdZones, SequentialReadsStayBelowTheWritePointers) {
    ZbdZones zones(1 * MiB, 0, 0, 8 * MiB);
    ZbdJobView writer = job_of(zones, 0, 8 * MiB, true, 32 * KiB);
    for (int i = 0; i < 32; ++i) write(zones, writer, 0, 32 * KiB);       // zone 0 full
    for (int i = 0; i < 3; ++i) write(zones, writer, 2 * MiB, 32 * KiB);  // zone 2: 96k
    ZbdJobView reader = job_of(zones, 0, 8 * MiB, false, 32 * KiB);
    EXPECT_EQ(read(zones, reader, 960 * KiB).offset, 960 * KiB);
    const Io skip = read(zones, reader, 1 * MiB);  // zone 1 is empty: on to zone 2
    EXPECT_EQ(skip.offset, 2 * MiB);
    EXPECT_EQ(skip.length, 64 * KiB);
    const Io cut = read(zones, reader, 2 * MiB + 64 * KiB);  // cut at the write pointer
    EXPECT_EQ(cut.offset, 2 * MiB + 64 * KiB);
    EXPECT_EQ(cut.length, 32 * KiB);
    EXPECT_FALSE(read(zones, reader, 2 * MiB + 96 * KiB).ok);
}

TEST(ZbdZones, RandomReadsMoveToTheNearestZoneWithData) {
    ZbdZones zones(1 * MiB, 0, 0, 8 * MiB);
    ZbdJobView writer = job_of(zones, 0, 8 * MiB, true);
    for (int i = 0; i < 8; ++i) write(zones, writer, 2 * MiB);  // zone 2: 512k
    write(zones, writer, 6 * MiB);                              // zone 6: 64k
    ZbdJobView reader = job_of(zones, 0, 8 * MiB, true);
    // Zone 1 is empty; zone 2 is the nearest with data. The offset keeps its place
    // in its zone, modulo the data less one block: 100k % 448k, in whole blocks.
    const Io near = read(zones, reader, 1 * MiB + 100 * KiB);
    EXPECT_EQ(near.offset, 2 * MiB + 64 * KiB);
    // Zone 7 is empty: zone 6 (before it) has one block, read whole.
    const Io back = read(zones, reader, 7 * MiB + 300 * KiB);
    EXPECT_EQ(back.offset, 6 * MiB);
    EXPECT_EQ(back.length, 64 * KiB);
    // Inside zone 2's data: 400k % 448k = 400k, down to 384k.
    EXPECT_EQ(read(zones, reader, 2 * MiB + 400 * KiB).offset, 2 * MiB + 384 * KiB);
}

TEST(ZbdZones, ZoneResetFrequencyResetsEveryNthWritePastTheThreshold) {
    // stock 3.33, rw=write size=8M zone_reset_threshold=0.25 zone_reset_frequency=0.3:
    // blocks 0..31 (2 MiB, the threshold), then 32 33 | 32 33 34 | 32 33 34 ...: one
    // write in 3 (1/0.3, truncated) resets zone 2 first.
    ZbdZones zones(1 * MiB, 0, 0, 8 * MiB);
    ZbdJobView job = job_of(zones, 0, 8 * MiB, false);
    job.reset_above = 2 * MiB;
    job.reset_every = 3;
    zones.start_job(job);
    std::vector<std::uint64_t> blocks;
    std::uint64_t at = 0;
    for (int i = 0; i < 40; ++i) {
        const Io io = write(zones, job, at);
        blocks.push_back(io.offset / (64 * KiB));
        at = io.offset + io.length;
    }
    const std::vector<std::uint64_t> tail(blocks.begin() + 30, blocks.end());
    EXPECT_EQ(tail, (std::vector<std::uint64_t>{30, 31, 32, 33, 32, 33, 34, 32, 33, 34}));
    EXPECT_EQ(job.resets, 2u);
}

}  // namespace
}  // namespace fio::core
