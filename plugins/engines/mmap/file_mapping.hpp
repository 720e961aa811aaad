// One file's shared memory mapping for the mmap engine.
//
// The whole file is mapped at once when the address space allows it (always, in
// practice, on 64-bit: mapping costs address space, not memory), so the hot path never
// makes a system call. When it does not (a device larger than the address space, or a
// process limited by RLIMIT_AS), the mapping becomes a sliding window: the largest
// power-of-two share of the file that could be mapped, moved with munmap/mmap whenever
// an I/O falls outside it. Stock fio does the same in spirit (whole file on 64-bit,
// windows where mapping it all fails).
#pragma once

#include <cstddef>
#include <cstdint>

namespace fio::mmap_engine {

class FileMapping {
public:
    // `extent` is the file's real size: bytes past it cannot be mapped (SIGBUS).
    FileMapping(int fd, std::uint64_t extent, bool writable, bool huge_pages) noexcept;
    ~FileMapping();
    FileMapping(const FileMapping&) = delete;
    FileMapping& operator=(const FileMapping&) = delete;

    // Maps the file, or a window of at least `min_window` bytes. Returns 0 or -errno.
    int map(std::uint64_t min_window) noexcept;

    std::uint64_t extent() const noexcept { return extent_; }
    bool writable() const noexcept { return writable_; }
    bool whole_file() const noexcept { return base_ != nullptr && window_size_ >= extent_; }

    // Where file bytes [offset, offset + length) live in memory, moving the window if
    // needed; the range must lie inside the extent. nullptr with errno set on failure.
    char* address(std::uint64_t offset, std::uint64_t length) noexcept;

    // Writes dirty pages of the whole file back to storage. Returns 0 or -errno.
    int sync() noexcept;

    // Writes back the pages under [address, address + length) before returning.
    static int sync_range(char* address, std::size_t length) noexcept;

private:
    int map_window(std::uint64_t start) noexcept;
    void unmap() noexcept;

    int fd_;
    std::uint64_t extent_;
    bool writable_;
    bool huge_pages_;
    std::uint64_t window_size_ = 0;  // bytes mapped per window; >= extent_ when whole
    char* base_ = nullptr;           // the current window, or nullptr
    std::uint64_t window_start_ = 0;
    std::uint64_t window_length_ = 0;
};

}  // namespace fio::mmap_engine
