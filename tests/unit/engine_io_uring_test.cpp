// The io_uring engine: the shared data-path test for every option that changes how an
// I/O is built or submitted, the shared async error-path test, then what only io_uring
// has: the kernel's workers on tmpfs, registered-file slots, the deepest iodepth, and
// refusals at creation.
#include "async_engine_paths.hpp"
#include "engine_data_path.hpp"
#include "engine_harness.hpp"
#include "scratch_dir.hpp"

#include "plugins/plugin_loader.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace fio::test {
namespace {

using sdk::IoDirection;
using sdk::IoUnit;
using sdk::QueueStatus;
using Clock = std::chrono::steady_clock;

constexpr const char* kPlugin = "fio-engine-io_uring.so";
constexpr std::uint32_t kBlock = 4096;
constexpr std::int64_t kSecond = 1'000'000'000;

const core::OptionList kFixed = {{"fixedbufs", "1"}, {"registerfiles", "1"}};
// Unset, both register when they can: this takes the plain-descriptor, plain-buffer path.
const core::OptionList kUnregistered = {{"fixedbufs", "0"}, {"registerfiles", "0"}};

INSTANTIATE_TEST_SUITE_P(
    IoUring, EngineDataPath,
    testing::Values(EngineCase{kPlugin, 1, false, false}, EngineCase{kPlugin, 1, false, true},
                    EngineCase{kPlugin, 32, false, false}, EngineCase{kPlugin, 32, false, true},
                    EngineCase{kPlugin, 1, true, false}, EngineCase{kPlugin, 32, true, false},
                    EngineCase{kPlugin, 32, true, true},
                    EngineCase{kPlugin, 1, false, true, kFixed, "_fixed"},
                    EngineCase{kPlugin, 32, false, true, kFixed, "_fixed"},
                    EngineCase{kPlugin, 32, true, true, kFixed, "_fixed"},
                    EngineCase{kPlugin, 1, false, true, kUnregistered, "_unregistered"},
                    EngineCase{kPlugin, 32, false, true, kUnregistered, "_unregistered"},
                    EngineCase{kPlugin, 32, true, false, kUnregistered, "_unregistered"},
                    EngineCase{kPlugin, 32, false, true, {{"nonvectored", "1"}}, "_nonvectored"},
                    EngineCase{kPlugin, 32, true, false, {{"nonvectored", "0"}}, "_vectored"},
                    EngineCase{kPlugin, 32, false, true, {{"sqthread_poll", "1"}}, "_sqpoll"},
                    EngineCase{kPlugin,
                               32,
                               true,
                               true,
                               {{"sqthread_poll", "1"}, {"fixedbufs", "1"}, {"registerfiles", "1"}},
                               "_sqpoll_fixed"},
                    EngineCase{kPlugin, 32, false, true, {{"force_async", "3"}}, "_forceasync"},
                    // Best-effort class: needs no privilege.
                    EngineCase{kPlugin,
                               32,
                               true,
                               true,
                               {{"cmdprio_percentage", "50"}, {"cmdprio_class", "2"}},
                               "_cmdprio"}),
    engine_case_name);

INSTANTIATE_TEST_SUITE_P(IoUring, AsyncEnginePaths,
                         testing::Values(AsyncEngineCase{kPlugin},
                                         AsyncEngineCase{kPlugin, kFixed, "_fixed"},
                                         AsyncEngineCase{kPlugin, kUnregistered, "_unregistered"}),
                         async_engine_case_name);
INSTANTIATE_TEST_SUITE_P(IoUring, AsyncEngineReapTimeout,
                         testing::Values(AsyncEngineCase{kPlugin},
                                         AsyncEngineCase{kPlugin, kFixed, "_fixed"}),
                         async_engine_case_name);

std::int64_t elapsed_ms(Clock::time_point since) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count();
}

// tmpfs cannot do non-blocking I/O: the kernel tries each I/O inline, fails, and hands it
// to its workers; with force_async=1 every I/O goes to the workers at once.
TEST(IoUringEngine, MovesTheRightBytesOnTmpfsThroughTheKernelsWorkers) {
    struct ShmFile {
        std::string path = "/dev/shm/fio-io_uring-test." + std::to_string(::getpid());
        ~ShmFile() { ::unlink(path.c_str()); }
    } file;
    for (const auto& options : {core::OptionList{}, core::OptionList{{"force_async", "1"}}}) {
        EngineHarness harness(kPlugin, 32, false, options, kBlock);
        harness.open(file.path, 256 * kBlock, false);
        std::vector<EngineHarness::Io> ios;
        for (std::uint64_t i = 0; i < 256; ++i)
            ios.push_back({IoDirection::write, i * kBlock, kBlock});
        harness.on_prepare = [](IoUnit& u, std::size_t) {
            std::memset(u.buffer, static_cast<int>(u.offset / kBlock), u.length);
        };
        harness.run(ios);
        for (const auto& io : ios) ASSERT_EQ(io.result, kBlock);

        for (auto& io : ios) io.direction = IoDirection::read;
        std::size_t mismatches = 0;
        harness.on_prepare = [](IoUnit& u, std::size_t) { std::memset(u.buffer, 0xff, u.length); };
        harness.on_complete = [&](IoUnit& u, std::size_t) {
            const auto* bytes = static_cast<const unsigned char*>(u.buffer);
            for (std::uint32_t i = 0; i < u.length; ++i)
                mismatches += bytes[i] != (u.offset / kBlock) % 256;
        };
        harness.run(ios);
        for (const auto& io : ios) ASSERT_EQ(io.result, kBlock);
        EXPECT_EQ(mismatches, 0u);
    }
}

// Left unset, fixedbufs and registerfiles register what the kernel lets the engine
// register; set to 0 they register nothing.
TEST(IoUringEngine, RegistersBuffersUnlessFixedbufsIsOff) {
    EXPECT_TRUE(EngineHarness(kPlugin, 1, false, {}, kBlock).engine().traits().can_register_buffers);
    EXPECT_TRUE(EngineHarness(kPlugin, 1, false, kFixed, kBlock).engine().traits().can_register_buffers);
    EXPECT_FALSE(EngineHarness(kPlugin, 1, false, {{"fixedbufs", "0"}}, kBlock)
                     .engine()
                     .traits()
                     .can_register_buffers);
}

// More buffers than the kernel registers: asked for, that is an error; unasked for,
// the engine does without and still moves the bytes.
TEST(IoUringEngine, AutomaticRegistrationGivesWayWhereFixedbufsWouldFail) {
    constexpr std::uint32_t kBeyondKernelLimit = (1u << 14) + 1;
    EXPECT_THROW(EngineHarness(kPlugin, kBeyondKernelLimit, false, kFixed, kBlock),
                 std::runtime_error);
    EngineHarness harness(kPlugin, kBeyondKernelLimit, false, {}, kBlock);
    ScratchDir dir;
    harness.open(dir / "data", 4 * kBlock, false);
    std::memset(harness.buffer(5), 0x5a, kBlock);
    ASSERT_EQ(harness.run_one(harness.unit(5), harness.file(), IoDirection::write, kBlock, kBlock),
              kBlock);
    std::memset(harness.buffer(9), 0, kBlock);
    ASSERT_EQ(harness.run_one(harness.unit(9), harness.file(), IoDirection::read, kBlock, kBlock),
              kBlock);
    EXPECT_EQ(static_cast<unsigned char>(harness.buffer(9)[kBlock - 1]), 0x5a);
}

// A file the ring does not hold (its slot was never registered) is named by its
// descriptor, so the I/O still reaches the right file.
TEST(IoUringEngine, AFileOutsideTheRegisteredTableIsReadThroughItsDescriptor) {
    EngineHarness harness(kPlugin, 1, false, {}, kBlock);
    ScratchDir dir;
    const std::string path = dir / "outside";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0);
    const std::vector<char> pattern(kBlock, 0x3c);
    ASSERT_EQ(::pwrite(fd, pattern.data(), kBlock, 0), kBlock);
    sdk::FileHandle outside;
    outside.fd = fd;
    outside.index = 7;  // no open_file(): nothing in that slot of the table
    EXPECT_EQ(harness.run_one(harness.unit(0), outside, IoDirection::read, 0, kBlock), kBlock);
    EXPECT_EQ(std::memcmp(harness.buffer(0), pattern.data(), kBlock), 0);
    ::close(fd);
}

TEST(IoUringEngine, HipriCompletesEveryIoOrReportsThatTheDeviceCannotPoll) {
    // A device without poll queues (io_poll=0, as virtio disks here) refuses polled reads
    // with EOPNOTSUPP; stock fio reports the same. Either way every I/O completes.
    ScratchDir dir;
    EngineHarness harness(kPlugin, 32, true, {{"hipri", "1"}}, kBlock);
    harness.open(dir / "data", 256 * kBlock, true);
    std::vector<EngineHarness::Io> ios;
    for (std::uint64_t i = 0; i < 256; ++i) ios.push_back({IoDirection::write, i * kBlock, kBlock});
    for (std::uint64_t i = 0; i < 256; ++i) ios.push_back({IoDirection::read, i * kBlock, kBlock});
    harness.run(ios);
    for (const auto& io : ios) {
        EXPECT_TRUE(io.result == kBlock || io.result == -EOPNOTSUPP)
            << "result " << io.result << " at " << io.offset;
    }
}

TEST(IoUringEngine, HipriWithoutDirectIsRefusedWithAReason) {
    try {
        EngineHarness harness(kPlugin, 1, false, {{"hipri", "1"}}, kBlock);
        FAIL() << "the engine accepted hipri without direct=1";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("direct=1"), std::string::npos) << e.what();
    }
}

TEST(IoUringEngine, UncachedEitherWorksOrIsRefusedWhenTheFileIsOpened) {
    ScratchDir dir;
    EngineHarness harness(kPlugin, 4, false, {{"uncached", "1"}}, kBlock);
    try {
        harness.open(dir / "data", 8 * kBlock, false);
    } catch (const std::runtime_error&) {
        EXPECT_NE(harness.engine().last_error().find("RWF_DONTCACHE"), std::string::npos)
            << harness.engine().last_error();
        return;
    }
    std::vector<EngineHarness::Io> ios = {{IoDirection::write, 0, kBlock},
                                          {IoDirection::read, 0, kBlock}};
    harness.run(ios);
    EXPECT_EQ(ios[0].result, kBlock);
    EXPECT_EQ(ios[1].result, kBlock);
}

// Option values for creating an engine without the harness, which would allocate a
// buffer per unit (65536 of them here). Every option keeps its default.
class DefaultOptions final : public sdk::OptionValues {
public:
    bool has(std::string_view) const override { return false; }
    bool get_bool(std::string_view, bool fallback) const override { return fallback; }
    std::int64_t get_int(std::string_view, std::int64_t fallback) const override {
        return fallback;
    }
    std::string_view get_string(std::string_view, std::string_view fallback) const override {
        return fallback;
    }
};

TEST(IoUringEngine, RunsAtIodepth65536BeyondTheSubmissionRingSize) {
    constexpr std::uint32_t kDepth = 65536;
    constexpr std::uint32_t kLength = 512;
    const auto plugin = core::load_plugin(std::string(FIO_PLUGIN_DIR) + "/" + kPlugin);
    DefaultOptions options;
    sdk::EngineSetup setup;
    setup.iodepth = kDepth;
    setup.max_block_size = kLength;
    setup.options = &options;
    char reason[256] = {};
    std::unique_ptr<sdk::Engine> engine(
        plugin->descriptor().create_engine(setup, reason, sizeof reason));
    ASSERT_NE(engine, nullptr) << reason;

    ScratchDir dir;
    sdk::FileHandle file;
    file.fd = ::open((dir / "data").c_str(), O_RDWR | O_CREAT, 0644);
    ASSERT_GE(file.fd, 0);
    ASSERT_EQ(::ftruncate(file.fd, 1 << 20), 0);
    ASSERT_EQ(engine->open_file(file), 0);

    // Every unit reads into the same buffer: only the counts matter here.
    std::vector<char> buffer(kLength);
    std::vector<IoUnit> units(kDepth);
    std::uint32_t queued = 0;
    std::uint32_t refused_at = 0;
    for (std::uint32_t i = 0; i < kDepth; ++i) {
        units[i].index = i;
        units[i].file = &file;
        units[i].buffer = buffer.data();
        units[i].length = kLength;
        units[i].offset = (i % 2048) * kLength;
        const QueueStatus status = engine->queue(units[i]);
        if (status == QueueStatus::busy) {
            // The submission ring is full; submitting makes room again.
            if (refused_at == 0) refused_at = queued;
            ASSERT_EQ(engine->commit(), 0);
            ASSERT_EQ(engine->queue(units[i]), QueueStatus::queued);
        }
        ++queued;
    }
    EXPECT_EQ(refused_at, 32768u);
    ASSERT_EQ(engine->commit(), 0);

    std::vector<IoUnit*> done(kDepth);
    std::uint32_t reaped = 0;
    const auto start = Clock::now();
    while (reaped < kDepth && elapsed_ms(start) < 20'000) {
        const int n = engine->reap(1, kDepth - reaped, done.data(), kSecond);
        ASSERT_GE(n, 0) << engine->last_error();
        for (int i = 0; i < n; ++i) EXPECT_EQ(done[static_cast<std::size_t>(i)]->result, kLength);
        reaped += static_cast<std::uint32_t>(n);
    }
    EXPECT_EQ(reaped, kDepth);
    engine->close_file(file);
    engine.reset();
    ::close(file.fd);
}

}  // namespace
}  // namespace fio::test
