// The rest of the sync engine family: vsync, pvsync, pvsync2 and mmap. The shared
// data-path test runs each of them; the tests below cover what is particular to one
// engine (vsync's merging, pvsync2's flags, mmap's mapping) and the error paths every
// engine must get right: a read past the end of the file and a bad descriptor.
#include "engine_data_path.hpp"
#include "engine_harness.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace fio::test {
namespace {

using sdk::IoDirection;
using sdk::IoUnit;
using sdk::QueueStatus;

constexpr std::uint32_t kBlock = 4096;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif

INSTANTIATE_TEST_SUITE_P(
    SyncFamily, EngineDataPath,
    testing::Values(
        // vsync: depth 32 sequential is where runs of queued units merge.
        EngineCase{"fio-engine-vsync.so", 1, false, false},
        EngineCase{"fio-engine-vsync.so", 1, false, true},
        EngineCase{"fio-engine-vsync.so", 32, false, false},
        EngineCase{"fio-engine-vsync.so", 32, false, true},
        EngineCase{"fio-engine-vsync.so", 32, true, false},
        EngineCase{"fio-engine-vsync.so", 32, true, true},
        EngineCase{"fio-engine-pvsync.so", 1, false, false},
        EngineCase{"fio-engine-pvsync.so", 1, false, true},
        EngineCase{"fio-engine-pvsync.so", 1, true, true},
        EngineCase{"fio-engine-pvsync2.so", 1, false, false},
        EngineCase{"fio-engine-pvsync2.so", 1, false, true},
        EngineCase{"fio-engine-pvsync2.so", 1, true, true},
        // RWF_HIPRI on a regular file: buffered I/O ignores it; direct I/O to a device
        // without polled queues falls back to interrupts. Neither fails.
        EngineCase{"fio-engine-pvsync2.so", 1, false, true, {{"hipri", "1"}}, "_hipri"},
        EngineCase{"fio-engine-pvsync2.so", 1, true, true, {{"hipri", "1"}}, "_hipri"},
        EngineCase{"fio-engine-pvsync2.so", 1, true, false,
                   {{"hipri", "1"}, {"hipri_percentage", "50"}}, "_hipri50"},
        EngineCase{"fio-engine-mmap.so", 1, false, false},
        EngineCase{"fio-engine-mmap.so", 1, false, true},
        // direct=1 on mmap: every write is msync'd before it completes.
        EngineCase{"fio-engine-mmap.so", 1, true, true},
        EngineCase{"fio-engine-mmap.so", 1, false, true, {{"thp", "1"}}, "_thp"}),
    engine_case_name);

// Write system calls made by this thread so far (vectored ones count once per call).
// AddressSanitizer probes memory with writes to a pipe of its own, so under it the
// count says nothing and the tests rely on the shared issue time alone.
std::uint64_t write_syscalls() {
    std::ifstream io("/proc/thread-self/io");
    std::string key;
    std::uint64_t value = 0;
    while (io >> key >> value) {
        if (key == "syscw:") return value;
    }
    return 0;
}

char pattern_byte(std::uint64_t offset) { return static_cast<char>((offset * 131) >> 5); }

void fill_with_pattern(EngineHarness& harness) {
    harness.on_prepare = [](IoUnit& u, std::size_t) {
        auto* bytes = static_cast<char*>(u.buffer);
        for (std::uint32_t i = 0; i < u.length; ++i) bytes[i] = pattern_byte(u.offset + i);
    };
}

// Bytes of the file at `offset` that differ from the pattern.
std::size_t file_mismatches(int fd, std::uint64_t offset, std::size_t length) {
    std::vector<char> bytes(length);
    const auto got = ::pread(fd, bytes.data(), length, static_cast<off_t>(offset));
    if (got != static_cast<ssize_t>(length)) return length;
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < length; ++i) mismatches += bytes[i] != pattern_byte(offset + i);
    return mismatches;
}

// Bytes of a unit's buffer that differ from the pattern at the unit's offset.
std::size_t pattern_mismatches(const IoUnit& unit) {
    const auto* bytes = static_cast<const char*>(unit.buffer);
    std::size_t mismatches = 0;
    for (std::uint32_t i = 0; i < unit.length; ++i) {
        mismatches += bytes[i] != pattern_byte(unit.offset + i);
    }
    return mismatches;
}

std::vector<EngineHarness::Io> blocks(IoDirection direction,
                                      std::initializer_list<std::uint64_t> indexes) {
    std::vector<EngineHarness::Io> ios;
    for (auto block : indexes) ios.push_back({direction, block * kBlock, kBlock});
    return ios;
}

// --- vsync: merging --------------------------------------------------------------------

TEST(VsyncMerging, EightContiguousWritesBecomeOneWritev) {
    ScratchDir dir;
    EngineHarness harness("fio-engine-vsync.so", 8, false, {}, kBlock);
    harness.open(dir / "data", 16 * kBlock, false);
    fill_with_pattern(harness);
    std::vector<std::uint64_t> issue_times;
    harness.on_complete = [&](IoUnit& u, std::size_t) { issue_times.push_back(u.issue_ns); };

    auto ios = blocks(IoDirection::write, {0, 1, 2, 3, 4, 5, 6, 7});
    const std::uint64_t before = write_syscalls();
    harness.run(ios);
    if (!kAddressSanitizer) {
        EXPECT_EQ(write_syscalls() - before, 1u);
    }

    for (const auto& io : ios) EXPECT_EQ(io.result, kBlock) << "write at " << io.offset;
    ASSERT_EQ(issue_times.size(), 8u);
    for (auto t : issue_times) EXPECT_EQ(t, issue_times[0]) << "all eight went in one call";
    const int fd = ::open((dir / "data").c_str(), O_RDONLY);
    EXPECT_EQ(file_mismatches(fd, 0, 8 * kBlock), 0u);
    ::close(fd);
}

TEST(VsyncMerging, AGapSplitsTheQueueIntoTwoCalls) {
    ScratchDir dir;
    EngineHarness harness("fio-engine-vsync.so", 8, false, {}, kBlock);
    harness.open(dir / "data", 16 * kBlock, false);
    fill_with_pattern(harness);
    std::vector<std::uint64_t> issue_times(8);
    harness.on_complete = [&](IoUnit& u, std::size_t i) { issue_times[i] = u.issue_ns; };

    auto ios = blocks(IoDirection::write, {0, 1, 2, 3, 5, 6, 7, 8});  // block 4 left out
    const std::uint64_t before = write_syscalls();
    harness.run(ios);
    if (!kAddressSanitizer) {
        EXPECT_EQ(write_syscalls() - before, 2u);
    }

    for (const auto& io : ios) EXPECT_EQ(io.result, kBlock) << "write at " << io.offset;
    for (int i = 1; i < 4; ++i) EXPECT_EQ(issue_times[i], issue_times[0]);
    for (int i = 5; i < 8; ++i) EXPECT_EQ(issue_times[i], issue_times[4]);
    EXPECT_NE(issue_times[0], issue_times[4]);
    const int fd = ::open((dir / "data").c_str(), O_RDONLY);
    EXPECT_EQ(file_mismatches(fd, 0, 4 * kBlock), 0u);
    EXPECT_EQ(file_mismatches(fd, 5 * kBlock, 4 * kBlock), 0u);
    std::vector<char> hole(kBlock, 1);
    ASSERT_EQ(::pread(fd, hole.data(), kBlock, 4 * kBlock), static_cast<ssize_t>(kBlock));
    EXPECT_EQ(std::count(hole.begin(), hole.end(), 0), static_cast<long>(kBlock))
        << "the gap stays untouched";
    ::close(fd);
}

TEST(VsyncMerging, ReadsAndWritesInOneQueueDoNotMerge) {
    ScratchDir dir;
    EngineHarness harness("fio-engine-vsync.so", 4, false, {}, kBlock);
    harness.open(dir / "data", 4 * kBlock, false);
    fill_with_pattern(harness);
    auto ios = blocks(IoDirection::write, {0, 1});
    harness.run(ios);

    // write 2, read 0, read 1, write 3: contiguous offsets only within a direction.
    std::vector<EngineHarness::Io> mixed = {{IoDirection::write, 2 * kBlock, kBlock},
                                            {IoDirection::read, 0, kBlock},
                                            {IoDirection::read, kBlock, kBlock},
                                            {IoDirection::write, 3 * kBlock, kBlock}};
    std::size_t mismatches = 0;
    harness.on_complete = [&](IoUnit& u, std::size_t) {
        if (u.direction == IoDirection::read) mismatches += pattern_mismatches(u);
    };
    const std::uint64_t before = write_syscalls();
    harness.run(mixed);
    if (!kAddressSanitizer) {
        EXPECT_EQ(write_syscalls() - before, 2u) << "writes 2 and 3 are not adjacent in the queue";
    }
    for (const auto& io : mixed) EXPECT_EQ(io.result, kBlock) << "at " << io.offset;
    EXPECT_EQ(mismatches, 0u);
}

TEST(VsyncMerging, AShortMergedReadIsSharedOutUnitByUnit) {
    ScratchDir dir;
    EngineHarness harness("fio-engine-vsync.so", 8, false, {}, kBlock);
    harness.open(dir / "data", 6 * kBlock + kBlock / 2, false);  // ends inside block 6
    auto ios = blocks(IoDirection::read, {0, 1, 2, 3, 4, 5, 6, 7});
    harness.run(ios);
    for (int i = 0; i < 6; ++i) EXPECT_EQ(ios[i].result, kBlock) << "block " << i;
    EXPECT_EQ(ios[6].result, kBlock / 2) << "the block the file ends in is short";
    EXPECT_EQ(ios[7].result, 0) << "past the end";
}

// --- every engine: reading past the end, a bad descriptor ------------------------------

class SyncFamilyErrors : public testing::TestWithParam<const char*> {};

TEST_P(SyncFamilyErrors, ReadingPastTheEndIsShortOrEmpty) {
    ScratchDir dir;
    EngineHarness harness(GetParam(), 1, false, {}, kBlock);
    harness.open(dir / "data", 2 * kBlock + 100, false);
    std::vector<EngineHarness::Io> ios = {{IoDirection::read, 2 * kBlock, kBlock},
                                          {IoDirection::read, 3 * kBlock, kBlock},
                                          {IoDirection::read, 1 << 30, kBlock}};
    harness.run(ios);
    EXPECT_EQ(ios[0].result, 100);
    EXPECT_EQ(ios[1].result, 0);
    EXPECT_EQ(ios[2].result, 0);
}

TEST_P(SyncFamilyErrors, ABadDescriptorGivesANegativeErrno) {
    EngineHarness harness(GetParam(), 1, false, {}, kBlock);
    sdk::FileHandle file;
    file.path = "not-open";
    file.fd = -1;
    file.size = 1 << 20;
    const int opened = harness.engine().open_file(file);
    EXPECT_LE(opened, 0);  // an engine may refuse the file up front (mmap: -EBADF)
    for (IoDirection direction : {IoDirection::read, IoDirection::write, IoDirection::sync}) {
        IoUnit& unit = harness.unit(0);
        unit.direction = direction;
        unit.file = &file;
        unit.offset = 0;
        unit.length = kBlock;
        ASSERT_EQ(harness.engine().queue(unit), QueueStatus::completed);
        EXPECT_EQ(unit.result, -EBADF) << "direction " << static_cast<int>(direction);
    }
    harness.engine().close_file(file);
}

INSTANTIATE_TEST_SUITE_P(SyncFamily, SyncFamilyErrors,
                         testing::Values("fio-engine-vsync.so", "fio-engine-pvsync.so",
                                         "fio-engine-pvsync2.so", "fio-engine-mmap.so"),
                         [](const testing::TestParamInfo<const char*>& info) {
                             const std::string name = info.param;
                             return name.substr(11, name.size() - 14);
                         });

TEST(VsyncErrors, EveryMergedUnitOfABadDescriptorFails) {
    EngineHarness harness("fio-engine-vsync.so", 4, false, {}, kBlock);
    sdk::FileHandle file;
    file.fd = -1;
    for (std::uint32_t i = 0; i < 4; ++i) {
        IoUnit& unit = harness.unit(i);
        unit.direction = IoDirection::read;
        unit.file = &file;
        unit.offset = i * kBlock;
        unit.length = kBlock;
        ASSERT_EQ(harness.engine().queue(unit), QueueStatus::queued);
    }
    ASSERT_EQ(harness.engine().commit(), 0);
    IoUnit* done[4] = {};
    ASSERT_EQ(harness.engine().reap(1, 4, done, 0), 4);
    for (IoUnit* unit : done) EXPECT_EQ(unit->result, -EBADF);
}

// --- pvsync2: flags --------------------------------------------------------------------

TEST(Pvsync2Flags, UncachedIsRefusedClearlyWithoutKernelSupportInTheHeaders) {
#if defined(RWF_UNCACHED) || defined(RWF_DONTCACHE)
    EXPECT_NO_THROW(EngineHarness("fio-engine-pvsync2.so", 1, false, {{"uncached", "1"}}, kBlock));
#else
    try {
        EngineHarness harness("fio-engine-pvsync2.so", 1, false, {{"uncached", "1"}}, kBlock);
        ADD_FAILURE() << "uncached=1 was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("RWF_UNCACHED"), std::string::npos) << e.what();
    }
#endif
    EXPECT_NO_THROW(EngineHarness("fio-engine-pvsync2.so", 1, false, {{"uncached", "0"}}, kBlock));
}

TEST(Pvsync2Flags, NowaitReportsEagainForAReadThatWouldBlock) {
    ScratchDir dir;
    struct statfs fs {};
    if (::statfs(dir.path().c_str(), &fs) == 0 && fs.f_type == TMPFS_MAGIC) {
        GTEST_SKIP() << "tmpfs keeps every page cached: no read can block";
    }
    const std::string path = dir / "data";
    {  // A file whose pages are then dropped from the cache.
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT, 0644);
        std::vector<char> bytes(64 * kBlock, 'x');
        ASSERT_EQ(::write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
        ASSERT_EQ(::fsync(fd), 0);
        ASSERT_EQ(::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED), 0);
        ::close(fd);
    }
    EngineHarness harness("fio-engine-pvsync2.so", 1, false, {{"nowait", "1"}}, kBlock);
    harness.open(path, 64 * kBlock, false);
    auto ios = blocks(IoDirection::read, {40});
    harness.run(ios);
    EXPECT_EQ(ios[0].result, -EAGAIN);

    // Once the page is cached, the same read goes through.
    const int fd = ::open(path.c_str(), O_RDONLY);
    char byte = 0;
    ASSERT_EQ(::pread(fd, &byte, 1, 40 * kBlock), 1);
    ::close(fd);
    harness.run(ios);
    EXPECT_EQ(ios[0].result, kBlock);
    EXPECT_EQ(harness.buffer(0)[0], 'x');
}

// --- mmap ------------------------------------------------------------------------------

TEST(MmapEngine, AWriteToAFileOpenedReadOnlyFailsWithEbadf) {
    ScratchDir dir;
    const std::string path = dir / "data";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT, 0644);
    ASSERT_EQ(::ftruncate(fd, 4 * kBlock), 0);
    ::close(fd);

    EngineHarness harness("fio-engine-mmap.so", 1, false, {}, kBlock);
    sdk::FileHandle file;
    file.path = path.c_str();
    file.fd = ::open(path.c_str(), O_RDONLY);
    file.size = 4 * kBlock;
    ASSERT_EQ(harness.engine().open_file(file), 0);
    IoUnit& unit = harness.unit(0);
    unit.file = &file;
    unit.offset = kBlock;
    unit.length = kBlock;
    unit.direction = IoDirection::write;
    harness.engine().queue(unit);
    EXPECT_EQ(unit.result, -EBADF);
    unit.direction = IoDirection::read;
    harness.engine().queue(unit);
    EXPECT_EQ(unit.result, kBlock);
    harness.engine().close_file(file);
    ::close(file.fd);
}

// The process's mapped address space in bytes.
std::uint64_t address_space_in_use() {
    std::ifstream statm("/proc/self/statm");
    std::uint64_t pages = 0;
    statm >> pages;
    return pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

// With too little address space for the whole file, mmap falls back to a window that
// moves to each I/O. Runs in a child process, which an address-space limit cannot harm.
TEST(MmapEngine, AFileLargerThanTheAddressSpaceIsMappedInWindows) {
    if (kAddressSanitizer) GTEST_SKIP() << "AddressSanitizer needs a huge address space";
    ScratchDir dir;
    const std::string path = dir / "big";
    constexpr std::uint64_t kFileSize = 4ull << 30;  // sparse: costs no disk
    const auto child = [&] {
        EngineHarness harness("fio-engine-mmap.so", 1, false, {}, kBlock);
        const rlimit limit{address_space_in_use() + (256u << 20), RLIM_INFINITY};
        if (::setrlimit(RLIMIT_AS, &limit) != 0) std::exit(2);
        harness.open(path, kFileSize, false);
        fill_with_pattern(harness);
        const std::vector<std::uint64_t> offsets = {0, 3ull << 30, (1ull << 30) + 12345 * kBlock,
                                                    kFileSize - kBlock, 4096 * kBlock};
        std::vector<EngineHarness::Io> ios;
        for (auto offset : offsets) ios.push_back({IoDirection::write, offset, kBlock});
        harness.run(ios);
        for (const auto& io : ios) {
            if (io.result != kBlock) std::exit(3);
        }
        for (auto& io : ios) io.direction = IoDirection::read;
        std::size_t mismatches = 0;
        harness.on_prepare = [](IoUnit& u, std::size_t) { std::memset(u.buffer, 0, u.length); };
        harness.on_complete = [&](IoUnit& u, std::size_t) { mismatches += pattern_mismatches(u); };
        harness.run(ios);
        for (const auto& io : ios) {
            if (io.result != kBlock) std::exit(4);
        }
        std::exit(mismatches == 0 ? 0 : 5);
    };
    EXPECT_EXIT(child(), testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace fio::test
