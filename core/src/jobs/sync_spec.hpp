// Flushing written data to stable storage during and after a job (fsync, end_fsync,
// fsync_on_close).
#pragma once

#include <cstdint>

namespace fio::core {

struct SyncSpec {
    std::uint32_t fsync_every = 0;  // fsync=N: an fsync after every N writes; 0: never
    bool end_fsync = false;         // fsync the files when the job's writing ends
    bool fsync_on_close = false;    // fsync a written file when it is closed

    bool operator==(const SyncSpec&) const = default;
};

}  // namespace fio::core
