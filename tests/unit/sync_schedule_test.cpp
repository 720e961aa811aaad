// fdatasync=N and sync_file_range=FLAGS:N parsed as stock fio 3.33 reads them, and the
// order in which the I/O loop issues syncs (run/sync_schedule.hpp), checked against
// stock's counts with the same jobs.
#include "options/core_options.hpp"
#include "options/sync_file_range_parser.hpp"
#include "options/value_parsers.hpp"
#include "run/sync_schedule.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>

#include <optional>
#include <string>

namespace fio::core {
namespace {

using sdk::IoDirection;
using sdk::SyncKind;

constexpr std::uint32_t kBefore = SYNC_FILE_RANGE_WAIT_BEFORE;
constexpr std::uint32_t kWrite = SYNC_FILE_RANGE_WRITE;
constexpr std::uint32_t kAfter = SYNC_FILE_RANGE_WAIT_AFTER;

JobSpec job_with(std::initializer_list<std::pair<const char*, const char*>> options) {
    JobSpec job;
    for (const auto& [name, value] : options) {
        LocatedOption option;
        option.name.assign(name);
        option.value.assign(value);
        apply_option(job, option);
    }
    return job;
}

TEST(SyncFileRangeParser, FlagsAndCountAsStock) {
    const std::pair<const char*, SyncFileRangeSetting> cases[] = {
        {"write", {kWrite, 1}},  // no count: after every write
        {"wait_before,write:8", {kBefore | kWrite, 8}},
        {"wait_before,write,wait_after:32", {kBefore | kWrite | kAfter, 32}},
        {"wait_after:0", {kAfter, 0}},
        {"write,write:2", {kWrite, 2}},
        {" write : 3 ", {kWrite, 3}},
        {"write:4294967295", {kWrite, 4294967295u}},
    };
    for (const auto& [text, expected] : cases) {
        EXPECT_EQ(parse_sync_file_range(text), expected) << text;
    }
    for (const char* bad : {"foo:4", ":4", "write,:4", "WRITE:2", "write;wait_after:2", "write:",
                            "write:abc", "write:-1", "write:4k", "write:4294967296", ""}) {
        EXPECT_THROW(parse_sync_file_range(bad), ValueError) << bad;
    }
}

TEST(SyncOptions, FdatasyncAndSyncFileRangeFillTheSyncSpec) {
    const JobSpec job = job_with({{"fdatasync", "16"}, {"sync_file_range", "wait_before,write:8"}});
    EXPECT_EQ(job.syncs.fdatasync_every, 16u);
    EXPECT_EQ(job.syncs.sync_file_range_every, 8u);
    EXPECT_EQ(job.syncs.sync_file_range_flags, kBefore | kWrite);
    EXPECT_TRUE(job.syncs.any_during_job());
    EXPECT_FALSE(SyncSpec{}.any_during_job());
    EXPECT_THROW(job_with({{"fdatasync", "-1"}}), OptionError);
    EXPECT_THROW(job_with({{"sync_file_range", "sometimes:2"}}), OptionError);
}

// Feeds `pattern` ('r' read, 'w' write) one I/O at a time as the loop does, asking for
// a due sync before each, and returns what was issued: r, w, or F/D/S for the syncs.
std::string issue(const SyncSpec& spec, const std::string& pattern) {
    SyncSchedule schedule(spec, 1);
    std::string issued;
    for (const char io : pattern) {
        while (const std::optional<SyncKind> kind = schedule.due()) {
            issued += *kind == SyncKind::fsync ? 'F' : *kind == SyncKind::fdatasync ? 'D' : 'S';
        }
        issued += io;
        schedule.issued(io == 'w' ? IoDirection::write : IoDirection::read, 0);
    }
    return issued;
}

TEST(SyncSchedule, OneSyncPerNWritesNoneAfterTheLast) {
    SyncSpec spec;
    spec.fdatasync_every = 4;
    EXPECT_EQ(issue(spec, std::string(16, 'w')), "wwwwDwwwwDwwwwDwwww");  // stock: 3
    EXPECT_FALSE(SyncSchedule(SyncSpec{}, 1).active());
    EXPECT_TRUE(SyncSchedule(spec, 1).active());
}

TEST(SyncSchedule, FirstOfFsyncFdatasyncSyncFileRangeWins) {
    SyncSpec spec;
    spec.fsync_every = 3;
    spec.fdatasync_every = 2;
    spec.sync_file_range_every = 5;
    // Stock fio with these and 16 writes: 5 fsyncs, 5 fdatasyncs, 1 sync_file_range.
    EXPECT_EQ(issue(spec, std::string(16, 'w')), "wwDwFwDwSwFwwDwFwDwwFwwDwFw");
}

TEST(SyncSchedule, ReadsAfterTheNthWriteEachGetASync) {
    SyncSpec spec;
    spec.fsync_every = 2;
    // The write count stays a multiple of 2 while reads follow: a sync before each one.
    // Stock fio's randrw with fdatasync=5 and 6 writes among 16 I/Os issued 2 that way.
    EXPECT_EQ(issue(spec, "wwrrwrw"), "wwFrFrFwrw");
}

TEST(SyncSchedule, SyncFileRangeCoversWhatWasWrittenSinceTheLast) {
    SyncSpec spec;
    spec.sync_file_range_every = 3;
    spec.sync_file_range_flags = kBefore | kWrite;
    SyncSchedule schedule(spec, 2);
    EXPECT_TRUE(schedule.tracks_ranges());
    // The offsets stock fio's strace showed for randwrite, 4 KiB, size=32k, :3.
    for (const std::uint64_t offset : {0u, 20480u, 24576u}) {
        schedule.issued(IoDirection::write, 1);
        schedule.completed_write(1, offset, 4096);
    }
    ASSERT_EQ(schedule.due(), SyncKind::file_range);
    EXPECT_EQ(schedule.file(), 1u);
    sdk::IoUnit unit;
    schedule.take_range(unit);
    EXPECT_EQ(unit.offset, 0u);
    EXPECT_EQ(unit.length, 28672u);
    EXPECT_EQ(unit.sync_range_flags, kBefore | kWrite);
    for (const std::uint64_t offset : {12288u, 16384u, 28672u}) {
        schedule.issued(IoDirection::write, 1);
        schedule.completed_write(1, offset, 4096);
    }
    ASSERT_EQ(schedule.due(), SyncKind::file_range);
    schedule.take_range(unit);
    EXPECT_EQ(unit.offset, 12288u);
    EXPECT_EQ(unit.length, 20480u);
    // Nothing written since: an empty range, which the engine completes at once.
    schedule.take_range(unit);
    EXPECT_EQ(unit.length, 0u);
    EXPECT_EQ(unit.sync_range_flags, kBefore | kWrite);
}

TEST(SyncSchedule, ARangeTooLongForTheUnitRunsToTheEndOfTheFile) {
    SyncSpec spec;
    spec.sync_file_range_every = 2;
    spec.sync_file_range_flags = kWrite;
    SyncSchedule schedule(spec, 1);
    schedule.issued(IoDirection::write, 0);
    schedule.completed_write(0, 4096, 4096);
    schedule.issued(IoDirection::write, 0);
    schedule.completed_write(0, 8ull << 30, 4096);  // 8 GiB in
    ASSERT_EQ(schedule.due(), SyncKind::file_range);
    sdk::IoUnit unit;
    schedule.take_range(unit);
    EXPECT_EQ(unit.offset, 4096u);
    EXPECT_EQ(unit.length, 0u);
    EXPECT_EQ(unit.sync_range_flags, kWrite | sdk::kSyncRangeToEnd);
}

}  // namespace
}  // namespace fio::core
