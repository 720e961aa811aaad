// The libaio engine: the shared data-path and async error-path tests with and without
// userspace_reap, then what only libaio has: userspace reaping without a system call.
#include "async_engine_paths.hpp"
#include "engine_data_path.hpp"
#include "engine_harness.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

namespace fio::test {
namespace {

using sdk::IoDirection;
using sdk::IoUnit;
using sdk::QueueStatus;

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

INSTANTIATE_TEST_SUITE_P(Libaio, AsyncEnginePaths,
                         testing::Values(AsyncEngineCase{kPlugin},
                                         AsyncEngineCase{kPlugin, kUserspaceReap, "_userspace_reap"}),
                         async_engine_case_name);

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

}  // namespace
}  // namespace fio::test
