#include "fixed_file_table.hpp"

#include <algorithm>

namespace fio::engines {
namespace {

// Most jobs have a handful of files; start with room for them.
constexpr std::size_t kInitialSlots = 16;

}  // namespace

int FixedFileTable::set(io_uring& ring, std::uint32_t slot, int fd) {
    if (slot < fds_.size()) {
        const int rc = io_uring_register_files_update(&ring, slot, &fd, 1);
        if (rc < 0) return rc;
        fds_[slot] = fd;
        return 0;
    }
    // A registered table cannot grow in place: register a larger one in its stead.
    // Files are opened before any I/O is in flight, so nothing uses the old table.
    std::vector<int> larger(std::max<std::size_t>({slot + 1u, fds_.size() * 2, kInitialSlots}), -1);
    std::copy(fds_.begin(), fds_.end(), larger.begin());
    larger[slot] = fd;
    if (!fds_.empty()) {
        if (const int rc = io_uring_unregister_files(&ring); rc < 0) return rc;
    }
    const int rc =
        io_uring_register_files(&ring, larger.data(), static_cast<unsigned>(larger.size()));
    if (rc < 0) {
        // Put the previous table back so the files registered so far keep working.
        if (!fds_.empty()) {
            io_uring_register_files(&ring, fds_.data(), static_cast<unsigned>(fds_.size()));
        }
        return rc;
    }
    fds_ = std::move(larger);
    return 0;
}

void FixedFileTable::clear(io_uring& ring, std::uint32_t slot) {
    if (slot >= fds_.size() || fds_[slot] < 0) return;
    int empty = -1;
    if (io_uring_register_files_update(&ring, slot, &empty, 1) >= 0) fds_[slot] = -1;
}

}  // namespace fio::engines
