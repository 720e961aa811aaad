// CacheHints (run/cache_hints.hpp): the job's region of each file leaves the page
// cache when the job opens it and at each new pass, as stock fio's invalidate=1; the
// fadvise_hint= advice follows rw=. Residency is read back with mincore(2), so these
// tests see the cache itself, not our bookkeeping.
#include "options/core_options.hpp"
#include "run/cache_hints.hpp"

#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <sys/mman.h>
#include <sys/vfs.h>
#include <fcntl.h>
#include <unistd.h>

#include <linux/magic.h>

#include <cstdint>
#include <string>
#include <vector>

namespace fio::core {
namespace {

constexpr std::size_t kFileBytes = 1 << 20;

// A 1 MiB file on a disk-backed file system, written and read so that all of it is cached.
class CachedFile {
public:
    explicit CachedFile(const std::string& path) : path_(path) {
        fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
        std::vector<char> data(kFileBytes, 'x');
        EXPECT_EQ(::pwrite(fd_, data.data(), data.size(), 0), static_cast<ssize_t>(data.size()));
        ::fsync(fd_);
        EXPECT_EQ(::pread(fd_, data.data(), data.size(), 0), static_cast<ssize_t>(data.size()));
    }
    ~CachedFile() { ::close(fd_); }
    int fd() const { return fd_; }
    // Pages of [offset, offset + length) in the page cache.
    std::size_t resident_pages(std::size_t offset, std::size_t length) const {
        void* map = ::mmap(nullptr, kFileBytes, PROT_READ, MAP_SHARED, fd_, 0);
        if (map == MAP_FAILED) return ~std::size_t{0};
        const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
        std::vector<unsigned char> in_core(kFileBytes / page);
        ::mincore(map, kFileBytes, in_core.data());
        ::munmap(map, kFileBytes);
        std::size_t resident = 0;
        for (std::size_t i = offset / page; i < (offset + length) / page; ++i) resident += in_core[i] & 1;
        return resident;
    }
    sdk::FileHandle handle() const {
        sdk::FileHandle file;
        file.fd = fd_;
        file.path = path_.c_str();
        return file;
    }

private:
    std::string path_;
    int fd_ = -1;
};

bool on_tmpfs(const std::string& dir) {
    struct statfs fs {};
    return ::statfs(dir.c_str(), &fs) == 0 && fs.f_type == TMPFS_MAGIC;
}

JobSpec job_with(std::initializer_list<std::pair<const char*, const char*>> options) {
    JobSpec job;
    for (const auto& [name, value] : options) apply_option(job, {name, value, {"t.fio", 1}});
    return job;
}

TEST(CacheHints, DropsTheRegionAtOpenAndAtEachNewPass) {
    test::ScratchDir dir;
    if (on_tmpfs(dir.path().string())) GTEST_SKIP() << "tmpfs keeps its pages: nothing to drop";
    CachedFile file(dir / "f");
    ASSERT_EQ(file.resident_pages(0, kFileBytes), 256u);
    // (The region is the whole file: the kernel drops whole folios only, and ext4 may
    // cache a file written at once in folios larger than half of it.)
    CacheHints hints(job_with({{"rw", "randread"}}), 0, kFileBytes);
    const std::vector<sdk::FileHandle> files{file.handle()};
    EXPECT_EQ(hints.on_open(files), "");
    EXPECT_EQ(file.resident_pages(0, kFileBytes), 0u);
    // The pass reads the region back into the cache; the next pass starts without it.
    std::vector<char> data(kFileBytes);
    ASSERT_EQ(::pread(file.fd(), data.data(), data.size(), 0), static_cast<ssize_t>(data.size()));
    EXPECT_EQ(file.resident_pages(0, kFileBytes), 256u);
    hints.on_new_pass(files);
    EXPECT_EQ(file.resident_pages(0, kFileBytes), 0u);
}

TEST(CacheHints, DropNothingWithInvalidateOffOrPreRead) {
    test::ScratchDir dir;
    if (on_tmpfs(dir.path().string())) GTEST_SKIP() << "tmpfs keeps its pages: nothing to drop";
    CachedFile file(dir / "f");
    const std::vector<sdk::FileHandle> files{file.handle()};
    for (const JobSpec& job : {job_with({{"invalidate", "0"}}), job_with({{"pre_read", "1"}})}) {
        CacheHints hints(job, 0, kFileBytes);
        EXPECT_EQ(hints.on_open(files), "");
        hints.on_new_pass(files);
        EXPECT_EQ(file.resident_pages(0, kFileBytes), 256u);
    }
}

TEST(CacheHints, TheAdviceFollowsRwUnlessFadviseHintNamesOne) {
    const auto advice = [](std::initializer_list<std::pair<const char*, const char*>> options) {
        return CacheHints(job_with(options), 0, 4096).advice();
    };
    EXPECT_EQ(advice({{"rw", "read"}}), POSIX_FADV_SEQUENTIAL);
    EXPECT_EQ(advice({{"rw", "randread"}}), POSIX_FADV_RANDOM);
    EXPECT_EQ(advice({{"rw", "randrw"}}), POSIX_FADV_RANDOM);
    EXPECT_EQ(advice({{"rw", "write"}, {"fadvise_hint", "1"}}), POSIX_FADV_SEQUENTIAL);
    EXPECT_EQ(advice({{"rw", "randread"}, {"fadvise_hint", "0"}}), -1);
    EXPECT_EQ(advice({{"rw", "read"}, {"fadvise_hint", "random"}}), POSIX_FADV_RANDOM);
    EXPECT_EQ(advice({{"rw", "randwrite"}, {"fadvise_hint", "sequential"}}), POSIX_FADV_SEQUENTIAL);
    EXPECT_THROW(advice({{"fadvise_hint", "2"}}), OptionError);
}

}  // namespace
}  // namespace fio::core
