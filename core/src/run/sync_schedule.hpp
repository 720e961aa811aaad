// When the I/O loop issues fsync=N, fdatasync=N and sync_file_range=FLAGS:N, and what a
// sync_file_range covers.
//
// Stock fio 3.33's rule, reproduced: before each I/O it checks the job's count of
// issued writes W; when W > 0 and the last I/O it issued was not a sync, the first of
// fsync, fdatasync, sync_file_range whose N divides W is issued instead of the I/O. So
// a write job gets one sync per N writes (none after the last write, since no I/O
// follows), while a mixed job whose reads follow the Nth write gets one sync before
// each of them until the next write. sync_file_range covers, in the file last written,
// the span from the lowest offset to the highest end written (completed) since its
// previous sync_file_range.
#pragma once

#include "jobs/sync_spec.hpp"

#include <fio/sdk/engine.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace fio::core {

class SyncSchedule {
public:
    SyncSchedule(const SyncSpec& spec, std::size_t file_count);

    // Whether the job syncs during its I/O at all.
    bool active() const noexcept { return active_; }
    bool tracks_ranges() const noexcept { return !ranges_.empty(); }

    // The sync due instead of the next I/O, if any; it counts as issued.
    std::optional<sdk::SyncKind> due() noexcept;
    // An I/O other than a sync was issued; writes name their file.
    void issued(sdk::IoDirection direction, std::size_t file) noexcept {
        last_was_sync_ = false;
        if (direction == sdk::IoDirection::write) {
            ++writes_;
            last_file_ = file;
        }
    }
    // A write of `bytes` at `offset` completed (sync_file_range only).
    void completed_write(std::size_t file, std::uint64_t offset, std::uint64_t bytes) noexcept;

    // The file the due sync goes to: the one written last.
    std::size_t file() const noexcept { return last_file_; }
    // Fills `unit`'s offset, length and sync_range_flags for a sync_file_range of
    // file() and starts a new span.
    void take_range(sdk::IoUnit& unit) noexcept;

private:
    struct Span {
        std::uint64_t first = ~0ull;  // lowest offset written; ~0: nothing
        std::uint64_t end = 0;        // highest end written
    };

    SyncSpec spec_;
    bool active_ = false;
    bool last_was_sync_ = false;
    std::uint64_t writes_ = 0;
    std::size_t last_file_ = 0;
    std::vector<Span> ranges_;  // per file; empty without sync_file_range
};

}  // namespace fio::core
