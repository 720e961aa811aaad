// Getting a job's files ready before any job starts: create what is missing, lay out
// data that reads will need, and find the size of what exists.
#pragma once

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
// for write-only jobs the file is only extended. Block devices are left alone.
// Returns true when it had to lay out data. Throws FileSetupError naming the file.
bool lay_out_file(const std::string& path, std::uint64_t needed, bool will_read);

// The size of the open file or block device behind `fd`; 0 for anything else (a
// character device, a diskless engine's pseudo file with fd -1).
std::uint64_t file_size_or_zero(int fd) noexcept;

// Opens a prepared file for the job. Throws FileSetupError naming the file.
int open_job_file(const std::string& path, bool will_write, bool direct);

}  // namespace fio::core
