// The error paths every asynchronous engine must handle alike: the engine's own test
// file instantiates this suite with its option sets (see async_engine_paths.hpp).
#include "async_engine_paths.hpp"
#include "engine_harness.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <vector>

namespace fio::test {
namespace {

using sdk::IoDirection;
using sdk::IoUnit;
using sdk::QueueStatus;
using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kBlock = 4096;
constexpr std::int64_t kSecond = 1'000'000'000;

std::int64_t elapsed_ms(Clock::time_point since) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count();
}

}  // namespace

TEST_P(AsyncEnginePaths, ReadPastTheEndOfAFileIsShortOrEmpty) {
    for (const bool direct : {false, true}) {
        ScratchDir dir;
        EngineHarness harness(GetParam().plugin, 4, direct, GetParam().options, kBlock);
        harness.open(dir / "short", kBlock + 2048, direct);  // 1.5 blocks
        std::vector<EngineHarness::Io> ios = {{IoDirection::read, 0, kBlock},
                                              {IoDirection::read, kBlock, kBlock},
                                              {IoDirection::read, 4 * kBlock, kBlock}};
        harness.run(ios);
        EXPECT_EQ(ios[0].result, kBlock) << "direct=" << direct;
        EXPECT_EQ(ios[1].result, 2048) << "direct=" << direct;
        EXPECT_EQ(ios[2].result, 0) << "direct=" << direct;
    }
}

TEST_P(AsyncEnginePaths, ReadOnABadDescriptorFailsWithEbadf) {
    ScratchDir dir;
    EngineHarness harness(GetParam().plugin, 2, false, GetParam().options, kBlock);
    sdk::FileHandle invalid;
    invalid.fd = -1;
    EXPECT_EQ(harness.run_one(harness.unit(0), invalid, IoDirection::read, 0, kBlock), -EBADF);

    sdk::FileHandle closed;
    closed.fd = ::open((dir / "closed").c_str(), O_RDWR | O_CREAT, 0644);
    ASSERT_GE(closed.fd, 0);
    ::close(closed.fd);
    EXPECT_EQ(harness.run_one(harness.unit(1), closed, IoDirection::read, 0, kBlock), -EBADF);
}

// Direct, so that libaio too is truly asynchronous and checks each iocb on its own.
TEST_P(AsyncEnginePaths, ABadRequestFailsAloneInsideABatch) {
    ScratchDir dir;
    EngineHarness harness(GetParam().plugin, 3, true, GetParam().options, kBlock);
    harness.open(dir / "data", 4 * kBlock, true);  // opened as the runner would
    sdk::FileHandle& file = harness.file();
    sdk::FileHandle invalid;  // bad either way: by descriptor, or by registered-file slot
    invalid.fd = -1;
    invalid.index = 7;

    sdk::FileHandle* files[] = {&file, &invalid, &file};
    for (int i = 0; i < 3; ++i) {
        IoUnit& unit = harness.unit(static_cast<std::size_t>(i));
        unit.file = files[i];
        unit.direction = IoDirection::read;
        unit.offset = static_cast<std::uint64_t>(i) * kBlock;
        unit.length = kBlock;
        ASSERT_EQ(harness.engine().queue(unit), QueueStatus::queued);
    }
    ASSERT_EQ(harness.engine().commit(), 0);
    IoUnit* done[3] = {};
    int reaped = 0;
    const auto start = Clock::now();
    while (reaped < 3 && elapsed_ms(start) < 5000) {
        const int n =
            harness.engine().reap(1, static_cast<unsigned>(3 - reaped), done + reaped, kSecond);
        ASSERT_GE(n, 0) << harness.engine().last_error();
        reaped += n;
    }
    ASSERT_EQ(reaped, 3);
    EXPECT_EQ(harness.unit(0).result, kBlock);
    EXPECT_EQ(harness.unit(1).result, -EBADF);
    EXPECT_EQ(harness.unit(2).result, kBlock);
}

TEST_P(AsyncEnginePaths, ReapWithNothingInFlightReturnsAtOnce) {
    EngineHarness harness(GetParam().plugin, 4, false, GetParam().options, kBlock);
    IoUnit* done[4] = {};
    const auto start = Clock::now();
    EXPECT_EQ(harness.engine().reap(0, 4, done, 0), 0);
    EXPECT_EQ(harness.engine().reap(1, 4, done, kSecond), 0);
    EXPECT_EQ(harness.engine().reap(1, 4, done, -1), 0);  // even without a time limit
    EXPECT_LT(elapsed_ms(start), 200);
}

TEST_P(AsyncEngineReapTimeout, ReapHonoursItsTimeoutAndCollectsTheLateCompletion) {
    EngineHarness harness(GetParam().plugin, 1, false, GetParam().options, kBlock);
    int pipe_fds[2];
    ASSERT_EQ(::pipe(pipe_fds), 0);
    sdk::FileHandle pipe_end;
    pipe_end.fd = pipe_fds[0];
    IoUnit& unit = harness.unit(0);
    unit.file = &pipe_end;
    unit.direction = IoDirection::read;
    unit.offset = 0;
    unit.length = kBlock;
    ASSERT_EQ(harness.engine().queue(unit), QueueStatus::queued);
    ASSERT_EQ(harness.engine().commit(), 0);

    // An empty pipe: the read stays in flight, so the wait must end by its timeout.
    IoUnit* done = nullptr;
    const auto start = Clock::now();
    EXPECT_EQ(harness.engine().reap(1, 1, &done, 100'000'000), 0);
    const auto waited = elapsed_ms(start);
    EXPECT_GE(waited, 90);
    EXPECT_LT(waited, 2000);

    ASSERT_EQ(::write(pipe_fds[1], "hello", 5), 5);
    EXPECT_EQ(harness.engine().reap(1, 1, &done, 5 * kSecond), 1);
    EXPECT_EQ(done, &unit);
    EXPECT_EQ(unit.result, 5);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
}

// A trim is stock's BLKDISCARD, done inside queue(); on a regular file that fails with
// ENOTTY, as stock fio 3.33 fails.
TEST_P(AsyncEnginePaths, FsyncCompletesAndTrimOnARegularFileFailsAsStock) {
    ScratchDir dir;
    EngineHarness harness(GetParam().plugin, 1, false, GetParam().options, kBlock);
    harness.open(dir / "data", 4 * kBlock, false);
    std::vector<EngineHarness::Io> ios = {
        {IoDirection::write, 0, kBlock}, {IoDirection::sync, 0, 0}, {IoDirection::trim, 0, kBlock}};
    harness.run(ios);
    EXPECT_EQ(ios[0].result, kBlock);
    EXPECT_EQ(ios[1].result, 0);
    EXPECT_EQ(ios[2].result, -ENOTTY);
}

}  // namespace fio::test
