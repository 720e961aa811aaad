// Getting a job's files ready before any job starts: create what is missing, lay out
// data that reads will need, and find the size of what exists.
#pragma once

#include "jobs/file_layout_spec.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace fio::core {

class FileSetupError : public std::runtime_error {
public:
    FileSetupError(const std::string& what, int error_number)
        : std::runtime_error(what), error(error_number) {}
    int error;  // the errno behind it
};

struct FileFacts {
    bool exists = false;
    bool block_device = false;
    bool char_device = false;        // e.g. /dev/full: no size, nothing to lay out
    std::uint64_t size = 0;
    std::uint32_t direct_alignment = 512;  // O_DIRECT offset/length alignment in bytes
};

FileFacts inspect_file(const std::string& path);

// O_DIRECT needs offsets and lengths aligned to the device's logical block size.
// Throws FileSetupError naming the file, the block size and the job's values.
void check_direct_alignment(const std::string& path, std::uint64_t block_size,
                            std::uint64_t region_bytes, std::uint64_t offset);

// Makes `path` hold at least `needed` bytes. When reads will touch the file, missing
// bytes are written with pseudo-random data (a read of a hole would measure nothing);
// for write-only jobs space is reserved as `fallocate` says (the file may stay short:
// the writes extend it). Block devices are left alone. Returns true when it had to
// lay out data. `sync` (create_fsync) flushes written data before returning. Throws
// FileSetupError naming the file.
bool lay_out_file(const std::string& path, std::uint64_t needed, bool will_read,
                  Fallocate fallocate = Fallocate::truncate, bool sync = true);

// The size of the open file or block device behind `fd`; 0 for anything else (a
// character device, a diskless engine's pseudo file with fd -1).
std::uint64_t file_size_or_zero(int fd) noexcept;

// Opens a prepared file for the job; `create`: make it if missing (create_on_open).
// Throws FileSetupError naming the file.
// `sync_flag` is the job's sync= open flag (O_SYNC, O_DSYNC or 0).
int open_job_file(const std::string& path, bool will_write, bool direct, bool create = false,
                  int sync_flag = 0);

// Reads [offset, offset + length) of `fd` once so it sits in the page cache (pre_read).
// Throws FileSetupError naming the file.
void pre_read_file(int fd, const std::string& path, std::uint64_t offset, std::uint64_t length);

// Bytes the file system holding `path` (or the directory it will be made in) can still
// take, as root sees it. Throws FileSetupError naming the path.
std::uint64_t free_space_for(const std::string& path);

// True when the block device `path` is mounted somewhere (listed in /proc/self/mounts).
bool is_mounted_block_device(const std::string& path);

}  // namespace fio::core
