// Small helpers for engines built on POSIX system calls.
#pragma once

#include "fio/sdk/engine.hpp"

#include <linux/fs.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace fio::sdk {

// Runs `call` (returning ssize_t-like) again while it fails with EINTR. Returns the
// byte count, or -errno on failure: the convention of IoUnit::result.
template <typename Call>
inline std::int64_t retry_eintr(Call call) {
    for (;;) {
        const auto n = call();
        if (n >= 0) return static_cast<std::int64_t>(n);
        if (errno != EINTR) return -static_cast<std::int64_t>(errno);
    }
}

// A trim as stock fio 3.33 issues it from every engine but falloc: the BLKDISCARD
// ioctl, synchronously. On a regular file that fails with ENOTTY, exactly as stock
// fails (ioengine=falloc is the one that punches holes in files). Returns the length
// trimmed, or -errno: the convention of IoUnit::result.
inline std::int64_t discard_blocks(int fd, std::uint64_t offset, std::uint32_t length) noexcept {
    std::uint64_t range[2] = {offset, length};
    return ::ioctl(fd, BLKDISCARD, range) == 0 ? static_cast<std::int64_t>(length) : -errno;
}
inline std::int64_t discard_blocks(const IoUnit& unit) noexcept {
    return discard_blocks(unit.file->fd, unit.offset, unit.length);
}

// The sync a unit of direction sync asks for (see SyncKind): 0 or -errno.
inline std::int64_t run_sync(const IoUnit& unit, int fd) {
    int rc = 0;
    switch (unit.sync_kind) {
        case SyncKind::fsync: rc = ::fsync(fd); break;
        case SyncKind::fdatasync: rc = ::fdatasync(fd); break;
        case SyncKind::file_range: {
            const bool to_end = (unit.sync_range_flags & kSyncRangeToEnd) != 0;
            if (unit.length == 0 && !to_end) return 0;  // nothing written since the last one
            rc = ::sync_file_range(fd, static_cast<off64_t>(unit.offset),
                                   to_end ? 0 : static_cast<off64_t>(unit.length),
                                   unit.sync_range_flags & ~kSyncRangeToEnd);
            break;
        }
    }
    return rc == 0 ? 0 : -static_cast<std::int64_t>(errno);
}

// The body of a positional synchronous engine's queue(): `read(fd, offset)` and
// `write(fd, offset)` move unit.length bytes of unit.buffer and return what the system
// call returned; fsync and trim are the same for every such engine. Sets unit.result.
template <typename Read, typename Write>
inline void run_positional_io(IoUnit& unit, Read read, Write write) {
    const int fd = unit.file->fd;
    const auto offset = static_cast<off_t>(unit.offset);
    switch (unit.direction) {
        case IoDirection::read: unit.result = retry_eintr([&] { return read(fd, offset); }); break;
        case IoDirection::write: unit.result = retry_eintr([&] { return write(fd, offset); }); break;
        case IoDirection::sync: unit.result = run_sync(unit, fd); break;
        case IoDirection::trim: unit.result = discard_blocks(unit); break;
    }
}

}  // namespace fio::sdk
