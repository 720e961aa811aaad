// The posixaio engine: the shared data-path and async error-path tests, then what is
// its own: every sync kind completes (as stock, each is an fsync), and a trim waits for
// the I/O in flight and leaves its completions for the next reap.
#include "async_engine_paths.hpp"
#include "engine_data_path.hpp"
#include "engine_harness.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <set>

namespace fio::test {
namespace {

using sdk::IoDirection;
using sdk::IoUnit;
using sdk::QueueStatus;
using sdk::SyncKind;

constexpr const char* kPlugin = "fio-engine-posixaio.so";
constexpr std::uint32_t kBlock = 4096;

INSTANTIATE_TEST_SUITE_P(PosixAio, EngineDataPath,
                         testing::Values(EngineCase{kPlugin, 1, false, false},
                                         EngineCase{kPlugin, 1, false, true},
                                         EngineCase{kPlugin, 32, false, false},
                                         EngineCase{kPlugin, 32, false, true},
                                         EngineCase{kPlugin, 1, true, false},
                                         EngineCase{kPlugin, 32, true, true}),
                         engine_case_name);

INSTANTIATE_TEST_SUITE_P(PosixAio, AsyncEnginePaths, testing::Values(AsyncEngineCase{kPlugin}),
                         async_engine_case_name);
INSTANTIATE_TEST_SUITE_P(PosixAio, AsyncEngineReapTimeout,
                         testing::Values(AsyncEngineCase{kPlugin}), async_engine_case_name);

TEST(PosixAioEngine, EverySyncKindCompletes) {
    ScratchDir dir;
    EngineHarness harness(kPlugin, 4, false, {}, kBlock);
    harness.open(dir / "data", 4 * kBlock, false);
    for (const SyncKind kind : {SyncKind::fsync, SyncKind::fdatasync, SyncKind::file_range}) {
        IoUnit& unit = harness.unit(0);
        unit.sync_kind = kind;
        EXPECT_EQ(harness.run_one(unit, harness.file(), IoDirection::sync, 0, kBlock), 0)
            << "sync kind " << static_cast<int>(kind);
    }
}

TEST(PosixAioEngine, ATrimWaitsForTheIoInFlightAndLeavesItForReap) {
    ScratchDir dir;
    EngineHarness harness(kPlugin, 4, false, {}, kBlock);
    harness.open(dir / "data", 4 * kBlock, false);
    for (std::uint32_t i = 0; i < 3; ++i) {
        IoUnit& unit = harness.unit(i);
        unit.file = &harness.file();
        unit.direction = IoDirection::write;
        unit.offset = i * kBlock;
        unit.length = kBlock;
        ASSERT_EQ(harness.engine().queue(unit), QueueStatus::queued);
    }
    IoUnit& trim = harness.unit(3);
    trim.file = &harness.file();
    trim.direction = IoDirection::trim;
    trim.offset = 0;
    trim.length = kBlock;
    ASSERT_EQ(harness.engine().queue(trim), QueueStatus::completed);
    EXPECT_EQ(trim.result, -ENOTTY);  // BLKDISCARD on a regular file, as stock

    // The writes finished before the trim: reaping them needs no waiting.
    IoUnit* done[4] = {};
    ASSERT_EQ(harness.engine().reap(3, 4, done, 0), 3);
    std::set<IoUnit*> reaped(done, done + 3);
    for (std::uint32_t i = 0; i < 3; ++i) {
        EXPECT_EQ(reaped.count(&harness.unit(i)), 1u);
        EXPECT_EQ(harness.unit(i).result, kBlock);
    }
}

}  // namespace
}  // namespace fio::test
