// How a job's files are created, laid out and cleaned up (fio manual: "Files and
// devices" and "I/O size": fallocate, fill_device, create_*, unlink, pre_read ...).
#pragma once

#include <cstdint>

namespace fio::core {

// fallocate=: how space is reserved for a file a write-only job lays out.
enum class Fallocate {
    none,      // create the file, reserve nothing (writes extend it)
    native,    // fallocate(2); where that fails, as none
    posix,     // posix_fallocate(3)
    keep,      // fallocate(2) with FALLOC_FL_KEEP_SIZE: blocks reserved, size unchanged
    truncate,  // ftruncate(2) to the final size: a sparse file
};

struct FileLayoutSpec {
    Fallocate fallocate = Fallocate::native;
    bool fill_device = false;        // write until ENOSPC, which ends the job successfully
    bool create_on_open = false;     // the job's open creates the file; no layout before
    bool create_serialize = true;    // false: this job's files are laid out alongside
                                     // other such jobs' (one thread per job)
    bool create_only = false;        // lay the files out, then do no I/O
    bool allow_file_create = true;   // false: a missing file is an error
    bool allow_mounted_write = false;  // write to a block device that is mounted
    bool pre_read = false;           // read the region into the page cache first
    bool unlink = false;             // delete the files when the job ends
    bool unlink_each_loop = false;   // delete and re-create them between loops (as stock:
                                     // not after the last one)
    bool file_append = false;        // the region starts at the file's current end
    bool overwrite = false;          // a writing job's file is laid out with data first
    bool create_fsync = true;        // fsync a file after laying it out
    std::uint32_t openfiles = 0;     // most files open at once; 0: all of them

    bool operator==(const FileLayoutSpec&) const = default;
};

}  // namespace fio::core
