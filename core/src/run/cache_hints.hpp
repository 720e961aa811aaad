// What a job tells the kernel's page cache about its files, exactly as stock fio does,
// because it decides what a buffered job measures: without the drops, a time_based
// read job is served from memory after its first pass (364k IOPS where stock, reading
// the disk, gets 18k).
//
// - invalidate=1 (the default) drops the cached pages of the job's region of each file
//   when the job opens it and at every new pass over it: posix_fadvise(DONTNEED) on
//   a regular file, the BLKFLSBUF ioctl on a block device, nothing on a character
//   device. Not with pre_read=1, which fills the cache on purpose. With direct=1 only
//   at open, as stock does (it drops what buffered I/O left; a time_based pass of
//   direct I/O leaves nothing to drop, and stock drops nothing then).
// - fadvise_hint= tells the kernel the access pattern at each open.
// - Stock closes and reopens the files for every pass of a job that is not time_based
//   (loops=, io_size= beyond the region): drop and hint again. A time_based job keeps
//   them open and only drops at each pass.
// Each of these is one system call per file per pass, never per I/O.
#pragma once

#include "jobs/job_spec.hpp"

#include <fio/sdk/engine.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace fio::core {

class CacheHints {
public:
    // `region_offset`/`region_bytes`: the job's region in each file (stock's
    // file_offset and io_size), which the drops and hints cover.
    CacheHints(const JobSpec& job, std::uint64_t region_offset, std::uint64_t region_bytes);

    // The files were opened for the job: drop their cache and give the hint. A failed
    // drop fails the job, as in stock (the returned text says why); a failed hint is
    // said once on stderr. Empty when all went well.
    std::string on_open(const std::vector<sdk::FileHandle>& files);
    // A new pass over the files begins (a new loop, io_size= repeats, time_based wraps).
    void on_new_pass(const std::vector<sdk::FileHandle>& files) noexcept;
    // File `index` alone begins a new pass (its pass wrapped while the others go on).
    void on_file_pass(const std::vector<sdk::FileHandle>& files, std::size_t index) noexcept;

    // The posix_fadvise advice the job's files get at open; -1: none.
    int advice() const noexcept { return advice_; }

private:
    enum class FileKind : std::uint8_t { regular, block_device, other };
    // 0 or errno.
    int drop(const sdk::FileHandle& file, FileKind kind) const noexcept;
    void hint(const sdk::FileHandle& file, FileKind kind) noexcept;

    bool drops_ = false;
    bool reopens_per_pass_ = false;
    bool direct_ = false;
    int advice_ = -1;
    bool hint_failed_ = false;
    std::uint64_t offset_ = 0;
    std::uint64_t length_ = 0;
    std::vector<FileKind> kinds_;  // of each file, found at open
};

}  // namespace fio::core
