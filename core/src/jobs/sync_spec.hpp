// Flushing written data to stable storage during and after a job (fsync, fdatasync,
// sync_file_range, end_fsync, fsync_on_close).
#pragma once

#include <cstdint>

namespace fio::core {

struct SyncSpec {
    // A sync after every N writes; 0: never. When several are due at the same write
    // count, fio issues only the first of fsync, fdatasync, sync_file_range.
    std::uint32_t fsync_every = 0;            // fsync=N
    std::uint32_t fdatasync_every = 0;        // fdatasync=N
    std::uint32_t sync_file_range_every = 0;  // sync_file_range=FLAGS:N
    std::uint32_t sync_file_range_flags = 0;  // SYNC_FILE_RANGE_* bits of FLAGS
    bool end_fsync = false;         // fsync the files when the job's writing ends
    bool fsync_on_close = false;    // fsync a written file when it is closed

    bool any_during_job() const noexcept {
        return fsync_every != 0 || fdatasync_every != 0 || sync_file_range_every != 0;
    }
    bool operator==(const SyncSpec&) const = default;
};

}  // namespace fio::core
