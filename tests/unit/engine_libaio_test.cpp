// The libaio engine: the shared data-path test with and without userspace_reap, then the
// paths the data-path test does not reach: reads past the end of a file, bad
// descriptors, an iocb the kernel refuses inside a batch, and reaping with nothing to reap.
#include "engine_data_path.hpp"
#include "engine_harness.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <vector>

namespace fio::test {
namespace {

using sdk::IoDirection;
using sdk::IoUnit;
using sdk::QueueStatus;
using Clock = std::chrono::steady_clock;

constexpr const char* kPlugin = "fio-engine-libaio.so";
constexpr std::uint32_t kBlock = 4096;
constexpr std::int64_t kSecond = 1'000'000'000;

const core::OptionList kUserspaceReap = {{"userspace_reap", "1"}};

INSTANTIATE_TEST_SUITE_P(
    Libaio, EngineDataPath,
    testing::Values(
        // Buffered: the kernel completes each I/O inside io_submit.
        EngineCase{kPlugin, 1, false, false}, EngineCase{kPlugin, 1, false, true},
        EngineCase{kPlugin, 32, false, false}, EngineCase{kPlugin, 32, false, true},
        // Direct: truly asynchronous.
        EngineCase{kPlugin, 1, true, false}, EngineCase{kPlugin, 32, true, false},
        EngineCase{kPlugin, 32, true, true},
        EngineCase{kPlugin, 1, false, true, kUserspaceReap, "_userspace_reap"},
        EngineCase{kPlugin, 32, false, true, kUserspaceReap, "_userspace_reap"},
        EngineCase{kPlugin, 32, true, true, kUserspaceReap, "_userspace_reap"},
        // Best-effort class: needs no privilege.
        EngineCase{kPlugin,
                   32,
                   true,
                   true,
                   {{"cmdprio_percentage", "50"}, {"cmdprio_class", "2"}},
                   "_cmdprio"}),
    engine_case_name);

std::int64_t elapsed_ms(Clock::time_point since) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count();
}

// Queues one I/O on `unit`, submits it, and reaps it within a second.
std::int64_t run_one(EngineHarness& harness, IoUnit& unit, sdk::FileHandle& file,
                     IoDirection direction, std::uint64_t offset, std::uint32_t length) {
    unit.file = &file;
    unit.direction = direction;
    unit.offset = offset;
    unit.length = length;
    unit.result = 0;
    const QueueStatus status = harness.engine().queue(unit);
    if (status == QueueStatus::completed) return unit.result;
    EXPECT_EQ(status, QueueStatus::queued);
    EXPECT_EQ(harness.engine().commit(), 0);
    IoUnit* done = nullptr;
    EXPECT_EQ(harness.engine().reap(1, 1, &done, kSecond), 1);
    EXPECT_EQ(done, &unit);
    return unit.result;
}

TEST(LibaioEngine, ReadPastTheEndOfAFileIsShortOrEmpty) {
    for (const bool direct : {false, true}) {
        for (const auto& options : {core::OptionList{}, kUserspaceReap}) {
            ScratchDir dir;
            EngineHarness harness(kPlugin, 4, direct, options, kBlock);
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
}

TEST(LibaioEngine, ReadOnABadDescriptorFailsWithEbadf) {
    for (const auto& options : {core::OptionList{}, kUserspaceReap}) {
        ScratchDir dir;
        EngineHarness harness(kPlugin, 2, false, options, kBlock);
        sdk::FileHandle invalid;
        invalid.fd = -1;
        EXPECT_EQ(run_one(harness, harness.unit(0), invalid, IoDirection::read, 0, kBlock), -EBADF);

        sdk::FileHandle closed;
        closed.fd = ::open((dir / "closed").c_str(), O_RDWR | O_CREAT, 0644);
        ASSERT_GE(closed.fd, 0);
        ::close(closed.fd);
        EXPECT_EQ(run_one(harness, harness.unit(1), closed, IoDirection::read, 0, kBlock), -EBADF);
    }
}

TEST(LibaioEngine, ARefusedIocbFailsAloneInsideABatch) {
    ScratchDir dir;
    EngineHarness harness(kPlugin, 3, true, {}, kBlock);
    sdk::FileHandle file;
    file.fd = ::open((dir / "data").c_str(), O_RDWR | O_CREAT | O_DIRECT, 0644);
    ASSERT_GE(file.fd, 0);
    ASSERT_EQ(::ftruncate(file.fd, 4 * kBlock), 0);
    sdk::FileHandle invalid;
    invalid.fd = -1;

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
    ::close(file.fd);
}

TEST(LibaioEngine, ReapWithNothingInFlightReturnsAtOnce) {
    for (const auto& options : {core::OptionList{}, kUserspaceReap}) {
        EngineHarness harness(kPlugin, 4, false, options, kBlock);
        IoUnit* done[4] = {};
        const auto start = Clock::now();
        EXPECT_EQ(harness.engine().reap(0, 4, done, 0), 0);
        EXPECT_EQ(harness.engine().reap(1, 4, done, kSecond), 0);
        EXPECT_EQ(harness.engine().reap(1, 4, done, -1), 0);  // even without a time limit
        EXPECT_LT(elapsed_ms(start), 200);
    }
}

TEST(LibaioEngine, UserspaceReapCollectsWithoutWaiting) {
    ScratchDir dir;
    EngineHarness harness(kPlugin, 8, false, kUserspaceReap, kBlock);
    sdk::FileHandle file;
    file.fd = ::open((dir / "data").c_str(), O_RDWR | O_CREAT, 0644);
    ASSERT_GE(file.fd, 0);
    for (std::uint32_t i = 0; i < 8; ++i) {
        IoUnit& unit = harness.unit(i);
        unit.file = &file;
        unit.direction = IoDirection::write;
        unit.offset = i * kBlock;
        unit.length = kBlock;
        ASSERT_EQ(harness.engine().queue(unit), QueueStatus::queued);
    }
    ASSERT_EQ(harness.engine().commit(), 0);
    // Buffered writes complete inside io_submit: all eight are in the ring already.
    IoUnit* done[8] = {};
    EXPECT_EQ(harness.engine().reap(0, 8, done, 0), 8);
    for (IoUnit* unit : done) EXPECT_EQ(unit->result, kBlock);
    ::close(file.fd);
}

TEST(LibaioEngine, FsyncCompletesAndTrimIsNotSupported) {
    ScratchDir dir;
    EngineHarness harness(kPlugin, 1, false, {}, kBlock);
    harness.open(dir / "data", 4 * kBlock, false);
    std::vector<EngineHarness::Io> ios = {
        {IoDirection::write, 0, kBlock}, {IoDirection::sync, 0, 0}, {IoDirection::trim, 0, kBlock}};
    harness.run(ios);
    EXPECT_EQ(ios[0].result, kBlock);
    EXPECT_EQ(ios[1].result, 0);
    EXPECT_EQ(ios[2].result, -EOPNOTSUPP);
}

}  // namespace
}  // namespace fio::test
