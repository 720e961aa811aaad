// The I/Os of a replay, one at a time, for a job thread's I/O loop: it takes them in
// place of the workload's generators. The loop asks when the next one is due (the
// log's pauses, iolog/iolog_reader.hpp) and waits that out as it waits for a rate
// limit, reaping completions meanwhile; then it takes the I/O.
//
// A whole log is shared, read-only, by the clones that replay it. A log read in
// chunks (read_iolog_chunked) is read here, kChunkEntries at a time, into a buffer
// reserved up front: one read(2) per few thousand I/Os, no allocation.
#pragma once

#include "iolog/iolog_reader.hpp"
#include "iolog/replay_plan.hpp"

#include <fio/sdk/engine.hpp>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace fio::core {

class ReplaySource {
public:
    // `run_start_ns`: when the run began (version 2 waits count from it).
    ReplaySource(const ReplayPlan& plan, std::uint64_t run_start_ns);

    // When the next I/O is due if that is after `now` (monotonic ns); 0 when it may go.
    std::uint64_t due_after(std::uint64_t now) noexcept;

    // The next I/O into `unit` (direction, sync kind, offset, length) and its file's
    // index; false at the end of the log, or when reading it failed (failure() says
    // why). The I/O is issued at the time of the last due_after().
    bool next(sdk::IoUnit& unit, std::uint32_t& file) noexcept;
    const std::string& failure() const noexcept { return failure_; }

private:
    static constexpr std::size_t kChunkEntries = 4096;

    // The entry to replay next; null at the end of the log (or on a failure).
    const ReplayEntry* peek() noexcept;

    std::span<const ReplayEntry> entries_;  // the whole log, or the chunk read last
    std::size_t at_ = 0;
    std::shared_ptr<const ReplayLog> log_;
    std::shared_ptr<IoLogReader> reader_;   // null: the whole log is in entries_
    std::vector<ReplayEntry> chunk_;
    std::string failure_;

    std::uint64_t run_start_ns_;
    std::uint64_t now_ = 0;       // the time of the last due_after()
    bool started_ = false;
    std::uint64_t anchor_ns_ = 0; // when the previous I/O went (or was due, if we waited)
    std::uint64_t due_ns_ = 0;    // the next I/O's time, once it had to be waited for
    bool held_ = false;           // the next I/O was held back until due_ns_
};

}  // namespace fio::core
