#include "file_mapping.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace fio::mmap_engine {
namespace {

std::uint64_t page_size() noexcept {
    static const auto size = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    return size;
}

std::uint64_t page_floor(std::uint64_t value) noexcept { return value & ~(page_size() - 1); }

}  // namespace

FileMapping::FileMapping(int fd, std::uint64_t extent, bool writable, bool huge_pages) noexcept
    : fd_(fd), extent_(extent), writable_(writable), huge_pages_(huge_pages) {}

FileMapping::~FileMapping() { unmap(); }

int FileMapping::map(std::uint64_t min_window) noexcept {
    if (extent_ == 0) return 0;  // nothing to map; every I/O is past the end
    // A window must hold any I/O wherever it starts within a page.
    const std::uint64_t smallest = page_floor(min_window + 2 * page_size() - 1);
    window_size_ = extent_;
    for (;;) {
        const int rc = map_window(0);
        if (rc != -ENOMEM || window_size_ <= smallest) return rc;
        window_size_ = std::max(smallest, page_floor(window_size_ / 2));
    }
}

char* FileMapping::address(std::uint64_t offset, std::uint64_t length) noexcept {
    if (base_ == nullptr || offset < window_start_ ||
        offset + length > window_start_ + window_length_) {
        if (const int rc = map_window(page_floor(offset)); rc < 0) {
            errno = -rc;
            return nullptr;
        }
    }
    return base_ + (offset - window_start_);
}

int FileMapping::sync() noexcept {
    // Pages dirtied through earlier windows are no longer mapped: fsync reaches them too.
    const int rc = whole_file() ? ::msync(base_, window_length_, MS_SYNC) : ::fsync(fd_);
    return rc == 0 ? 0 : -errno;
}

int FileMapping::sync_range(char* address, std::size_t length) noexcept {
    const auto at = reinterpret_cast<std::uintptr_t>(address);
    const std::uintptr_t start = page_floor(at);
    return ::msync(reinterpret_cast<void*>(start), length + (at - start), MS_SYNC) == 0 ? 0
                                                                                      : -errno;
}

int FileMapping::map_window(std::uint64_t start) noexcept {
    unmap();  // first, so the new window can reuse the address space
    const std::uint64_t length = std::min(window_size_, extent_ - start);
    const int protection = PROT_READ | (writable_ ? PROT_WRITE : 0);
    void* base = ::mmap(nullptr, length, protection, MAP_SHARED, fd_, static_cast<off_t>(start));
    if (base == MAP_FAILED) return -errno;
    if (huge_pages_ && ::madvise(base, length, MADV_HUGEPAGE) != 0) {
        const int error = errno;
        ::munmap(base, length);
        return -error;
    }
    base_ = static_cast<char*>(base);
    window_start_ = start;
    window_length_ = length;
    return 0;
}

void FileMapping::unmap() noexcept {
    if (base_ != nullptr) ::munmap(base_, window_length_);
    base_ = nullptr;
    window_length_ = 0;
}

}  // namespace fio::mmap_engine
