// The memory behind I/O buffers (mem=, iomem_align, lockmem) end to end: every kind
// of memory carries the written data exactly, and /proc shows the kind while it runs.
#include "run_command.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <vector>
#include <unistd.h>

namespace fio::test {
namespace {

// Writes 64 KiB of 0x55 with psync through buffers in `mem`; returns what landed.
std::string write_with(const ScratchDir& dir, const std::string& options) {
    const std::string file = dir / "data";
    std::filesystem::remove(file);
    const auto r = run_fio(fmt::format("--name=w --ioengine=psync --rw=write --bs=4k --size=64k "
                                       "--iodepth=4 --buffer_pattern=0x55 --filename={} {}",
                                       file, options),
                           30);
    EXPECT_EQ(r.exit_code, 0) << options << ": " << r.err;
    return read_file(file);
}

// The lines of /proc/<fio>/`what` that contain `needle`, seen while a 1 s job runs.
std::string seen_while_running(const std::string& options, const std::string& what,
                               const std::string& needle) {
    const auto r = run_shell(fmt::format(
        "{} --name=a --ioengine=null --size=1g --time_based --runtime=1 {} >/dev/null & pid=$!; "
        "while :; do s=$(cut -d' ' -f3 /proc/$pid/stat 2>/dev/null); "
        "[ -z \"$s\" ] || [ \"$s\" = Z ] && break; grep -h -- '{}' /proc/$pid/{} 2>/dev/null; "
        "sleep 0.05; done; "
        "wait $pid || echo FAILED",
        FIO_BINARY, options, needle, what), 30);
    EXPECT_EQ(r.out.find("FAILED"), std::string::npos) << r.err;
    return r.out;
}

TEST(BufferMemory, EveryKindCarriesTheDataExactly) {
    ScratchDir dir;
    const std::string expected(64 * 1024, '\x55');
    for (const std::string& mem : std::vector<std::string>{"malloc", "shm", "mmap", "mmapshared",
                                                         "mmap:" + (dir / "map")}) {
        EXPECT_EQ(write_with(dir, "--mem=" + mem), expected) << mem;
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "map"));  // made for the job, removed after
}

TEST(BufferMemory, AnExistingMapFileIsKept) {
    ScratchDir dir;
    std::ofstream(dir / "keep") << "mine";
    EXPECT_EQ(write_with(dir, "--iomem=mmap:" + (dir / "keep")), std::string(64 * 1024, '\x55'));
    EXPECT_TRUE(std::filesystem::exists(dir / "keep"));
}

TEST(BufferMemory, ProcShowsTheKindOfMemory) {
    EXPECT_NE(seen_while_running("--mem=shm", "maps", "SYSV"), "");
    ScratchDir dir;
    const std::string map = dir / "buffers.map";
    EXPECT_NE(seen_while_running("--mem=mmap:" + map, "maps", map), "");
}

TEST(BufferMemory, IomemAlignOffsetsTheFirstBufferFromAPage) {
    ScratchDir dir;  // /tmp: O_DIRECT works there, with 512-byte alignment
    EXPECT_EQ(write_with(dir, "--direct=1 --iomem_align=512"), std::string(64 * 1024, '\x55'));
    const auto r = run_fio(fmt::format("--name=w --rw=write --bs=4k --size=64k --direct=1 "
                                       "--iomem_align=1 --filename={}",
                                       dir / "odd"), 30);
    EXPECT_NE(r.exit_code, 0);  // a buffer 1 byte past a page: O_DIRECT refuses it
    EXPECT_NE(r.err.find("Invalid argument"), std::string::npos) << r.err;
}

TEST(BufferMemory, LockmemPinsMemoryWhileTheJobRuns) {
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer turns mlock into a no-op, so nothing shows in VmLck.
    GTEST_SKIP() << "mlock is ignored under AddressSanitizer";
#endif
    const std::string locked = seen_while_running("--lockmem=8m", "status", "VmLck");
    std::size_t most = 0;
    std::istringstream in(locked);
    for (std::string key, unit; in >> key;) {
        std::size_t kib = 0;
        in >> kib >> unit;
        most = std::max(most, kib);
    }
    EXPECT_GE(most, 8u * 1024) << locked;
    const auto r = run_fio("--name=a --ioengine=null --size=1m --lockmem=100t", 30);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("lockmem: cannot lock"), std::string::npos) << r.err;
}

TEST(BufferMemory, HugePagesMissingIsAClearError) {
    if (read_file("/proc/sys/vm/nr_hugepages") != "0\n") GTEST_SKIP() << "huge pages exist here";
    for (const char* mem : {"shmhuge", "mmaphuge"}) {
        const auto r = run_fio(fmt::format("--name=a --ioengine=null --size=1m --mem={}", mem), 30);
        EXPECT_NE(r.exit_code, 0) << mem;
        EXPECT_NE(r.err.find(fmt::format("mem={}: cannot", mem)), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("nr_hugepages"), std::string::npos) << r.err;
    }
}

TEST(BufferMemory, ValuesAreCheckedAsStockChecksThem) {
    const auto bogus = run_fio("--name=a --ioengine=null --size=1m --mem=bogus", 30);
    EXPECT_NE(bogus.exit_code, 0);
    EXPECT_NE(bogus.err.find("option 'mem': 'bogus' is not one of"), std::string::npos) << bogus.err;
    const auto cuda = run_fio("--name=a --ioengine=null --size=1m --mem=cudamalloc", 30);
    EXPECT_NE(cuda.exit_code, 0);
    EXPECT_NE(cuda.err.find("'cudamalloc' is not supported"), std::string::npos) << cuda.err;
    const auto ignored = run_fio("--name=a --ioengine=null --size=1m --mem=shm:x", 30);
    EXPECT_EQ(ignored.exit_code, 0) << ignored.err;  // stock ignores the ':x'; we say so
    EXPECT_NE(ignored.err.find("the ':x' part is ignored"), std::string::npos) << ignored.err;
}

}  // namespace
}  // namespace fio::test
