// The ring's registered-file table (registerfiles): each job file sits in the slot of
// its index in the job's file list, so an SQE names it by that index with
// IOSQE_FIXED_FILE and the kernel skips the per-I/O file lookup and reference count.
#pragma once

#include <liburing.h>

#include <cstdint>
#include <vector>

namespace fio::engines {

class FixedFileTable {
public:
    // Puts `fd` into `slot`, growing the table as needed. Returns 0 or -errno.
    int set(io_uring& ring, std::uint32_t slot, int fd);
    // Empties `slot`, so the ring no longer holds the file open.
    void clear(io_uring& ring, std::uint32_t slot);
    // Whether an I/O to the file in `slot` can name it by its slot.
    bool holds(std::uint32_t slot) const noexcept { return slot < fds_.size() && fds_[slot] >= 0; }

private:
    std::vector<int> fds_;  // the kernel's table as registered; -1 marks an empty slot
};

}  // namespace fio::engines
