#include "run/file_setup.hpp"

#include "run/block_queue.hpp"

#include "workload/rng.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <mntent.h>
#include <sys/statvfs.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

namespace fio::core {
namespace {

[[noreturn]] void fail(const std::string& path, const char* what, int error) {
    throw FileSetupError(fmt::format("{}: {}: {}", path, what, std::strerror(error)), error);
}

// Closes the descriptor on every path out of a function.
struct FdGuard {
    int fd;
    ~FdGuard() {
        if (fd >= 0) ::close(fd);
    }
};

void write_fully(int fd, const std::string& path, const char* data, std::size_t length,
                 std::uint64_t offset) {
    while (length > 0) {
        const ssize_t n = ::pwrite(fd, data, length, static_cast<off_t>(offset));
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(path, "laying out the file failed", errno);
        }
        data += n;
        length -= static_cast<std::size_t>(n);
        offset += static_cast<std::uint64_t>(n);
    }
}

// Reserves room for `needed` bytes as fallocate= says. native falls back to none
// where the file system cannot allocate, as in fio.
void reserve_space(int fd, const std::string& path, std::uint64_t needed, Fallocate mode) {
    const auto length = static_cast<off_t>(needed);
    if (needed == 0) return;  // nothing to reserve (e.g. a fill_device file, made empty)
    switch (mode) {
        case Fallocate::none:
            return;
        case Fallocate::native:
            // Whatever the reason it fails, fio then carries on as with none.
            (void)::fallocate(fd, 0, 0, length);
            return;
        case Fallocate::posix:
            if (const int rc = ::posix_fallocate(fd, 0, length); rc != 0) {
                fail(path, "posix_fallocate failed", rc);
            }
            return;
        case Fallocate::keep:
            if (::fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, length) != 0) {
                fail(path, "fallocate (keep size) failed", errno);
            }
            return;
        case Fallocate::truncate:
            if (::ftruncate(fd, length) != 0) fail(path, "cannot extend", errno);
            return;
    }
}

}  // namespace

namespace {

// The logical block size of the device holding `st` (a block device itself, or the
// device of the filesystem a regular file lives on), from sysfs; 512 when unknown.
std::uint32_t logical_block_size(const struct stat& st) {
    const std::string queue = block_queue_dir(st);
    std::uint32_t size = 0;
    if (queue.empty()) return 512;
    if (std::FILE* f = std::fopen((queue + "/logical_block_size").c_str(), "r")) {
        if (std::fscanf(f, "%u", &size) != 1) size = 0;
        std::fclose(f);
    }
    return size ? size : 512;
}

}  // namespace

FileFacts inspect_file(const std::string& path) {
    FileFacts facts;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return facts;
        fail(path, "cannot stat", errno);
    }
    facts.exists = true;
    facts.direct_alignment = logical_block_size(st);
    if (S_ISBLK(st.st_mode)) {
        facts.block_device = true;
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) fail(path, "cannot open", errno);
        FdGuard guard{fd};
        std::uint64_t bytes = 0;
        if (::ioctl(fd, BLKGETSIZE64, &bytes) != 0) fail(path, "cannot read the device size", errno);
        facts.size = bytes;
    } else if (S_ISCHR(st.st_mode)) {
        facts.char_device = true;
    } else if (S_ISREG(st.st_mode)) {
        facts.size = static_cast<std::uint64_t>(st.st_size);
    } else {
        throw FileSetupError(fmt::format("{}: not a regular file or a device", path), EINVAL);
    }
    return facts;
}

void check_direct_alignment(const std::string& path, std::uint64_t block_size,
                            std::uint64_t region_bytes, std::uint64_t offset) {
    const FileFacts facts = inspect_file(path);
    if (facts.char_device) return;
    const std::uint32_t alignment = facts.direct_alignment;
    if (block_size % alignment != 0) {
        throw FileSetupError(
            fmt::format("{}: direct=1 needs bs to be a multiple of the device's logical block "
                        "size {}, but bs is {}",
                        path, alignment, block_size),
            EINVAL);
    }
    if (offset % alignment != 0) {
        throw FileSetupError(
            fmt::format("{}: direct=1 needs offset to be a multiple of the device's logical "
                        "block size {}, but it is {}",
                        path, alignment, offset),
            EINVAL);
    }
    if (region_bytes % alignment != 0) {
        throw FileSetupError(
            fmt::format("{}: direct=1 needs the I/O region to be a multiple of the device's "
                        "logical block size {}, but it is {} bytes",
                        path, alignment, region_bytes),
            EINVAL);
    }
}

bool lay_out_file(const std::string& path, std::uint64_t needed, bool will_read,
                  Fallocate fallocate, bool sync) {
    const FileFacts facts = inspect_file(path);
    if (facts.char_device) return false;  // a stream: nothing to lay out
    if (facts.block_device) {
        if (facts.size < needed) {
            throw FileSetupError(fmt::format("{}: device has {} bytes, the job needs {}", path,
                                             facts.size, needed),
                                 ENOSPC);
        }
        return false;
    }
    if (facts.exists && facts.size >= needed) return false;

    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) fail(path, "cannot create", errno);
    FdGuard guard{fd};
    if (!will_read) {
        reserve_space(fd, path, needed, fallocate);
        ::posix_fadvise(fd, 0, static_cast<off_t>(needed), POSIX_FADV_DONTNEED);  // as stock
        return true;
    }
    constexpr std::size_t kChunk = 1 << 20;
    std::vector<std::uint64_t> chunk(kChunk / sizeof(std::uint64_t));
    Rng rng(needed);
    for (auto& word : chunk) word = rng.next();
    for (std::uint64_t offset = facts.size; offset < needed; offset += kChunk) {
        const std::size_t length = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, needed - offset));
        write_fully(fd, path, reinterpret_cast<const char*>(chunk.data()), length, offset);
    }
    if (sync && ::fsync(fd) != 0) fail(path, "cannot sync", errno);
    // As stock: what the layout wrote leaves the cache with it (the job's own open
    // drops its region again, run/cache_hints.hpp).
    ::posix_fadvise(fd, 0, static_cast<off_t>(needed), POSIX_FADV_DONTNEED);
    return true;
}

std::uint64_t file_size_or_zero(int fd) noexcept {
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0) return 0;
    if (S_ISREG(st.st_mode)) return static_cast<std::uint64_t>(st.st_size);
    std::uint64_t bytes = 0;
    if (S_ISBLK(st.st_mode) && ::ioctl(fd, BLKGETSIZE64, &bytes) == 0) return bytes;
    return 0;
}

int open_job_file(const std::string& path, bool will_write, bool direct, bool create,
                  int sync_flag) {
    int flags = (will_write ? O_RDWR : O_RDONLY) | O_CLOEXEC | sync_flag;
    if (direct) flags |= O_DIRECT;
    if (create) flags |= O_CREAT;
    // Files made at open are private to the user, as fio makes them.
    const int fd = ::open(path.c_str(), flags, 0600);
    if (fd < 0) {
        fail(path, direct ? "cannot open with O_DIRECT" : "cannot open", errno);
    }
    return fd;
}

void pre_read_file(int fd, const std::string& path, std::uint64_t offset, std::uint64_t length) {
    constexpr std::size_t kChunk = 1 << 20;
    // Aligned, so that a file opened with O_DIRECT can be read too (that fills no cache,
    // as in fio, but it does not fail).
    void* memory = std::aligned_alloc(4096, kChunk);
    if (memory == nullptr) fail(path, "pre_read: cannot allocate a buffer", ENOMEM);
    std::unique_ptr<void, decltype(&std::free)> buffer(memory, &std::free);
    const std::uint64_t end = offset + length;
    while (offset < end) {
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, end - offset));
        const ssize_t n = ::pread(fd, memory, want, static_cast<off_t>(offset));
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(path, "pre_read failed", errno);
        }
        if (n == 0) return;  // the file ends early: nothing more to cache
        offset += static_cast<std::uint64_t>(n);
    }
}

std::uint64_t free_space_for(const std::string& path) {
    struct stat st {};
    std::string where = path;
    if (::stat(path.c_str(), &st) != 0) {
        const auto slash = path.rfind('/');
        where = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    }
    struct statvfs fs {};
    if (::statvfs(where.c_str(), &fs) != 0) fail(where, "cannot read the free space", errno);
    return static_cast<std::uint64_t>(fs.f_bfree) * fs.f_frsize;
}

bool is_mounted_block_device(const std::string& path) {
    struct stat device {};
    if (::stat(path.c_str(), &device) != 0 || !S_ISBLK(device.st_mode)) return false;
    std::FILE* mounts = ::setmntent("/proc/self/mounts", "r");
    if (mounts == nullptr) return false;
    bool mounted = false;
    while (const mntent* entry = ::getmntent(mounts)) {
        struct stat source {};
        if (::stat(entry->mnt_fsname, &source) == 0 && S_ISBLK(source.st_mode) &&
            source.st_rdev == device.st_rdev) {
            mounted = true;
            break;
        }
    }
    ::endmntent(mounts);
    return mounted;
}

}  // namespace fio::core
