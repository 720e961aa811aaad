// Recording a job's I/Os to an iolog (write_iolog) and replaying one instead of the
// job's generated workload (read_iolog and the replay_* options). Filled by
// options/replay_options.cpp; the formats are iolog/iolog_format.hpp's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fio::core {

// replay_skip bits, one per kind of I/O left out of a replay.
inline constexpr std::uint8_t kSkipReads = 1;
inline constexpr std::uint8_t kSkipWrites = 2;
inline constexpr std::uint8_t kSkipTrims = 4;
inline constexpr std::uint8_t kSkipSyncs = 8;

struct ReplaySpec {
    std::string write_iolog;             // record issued I/Os here; empty: not recorded
    std::vector<std::string> read_iolog; // clone N replays [N % size]; empty: no replay
    bool chunked = false;                // read_iolog_chunked: read the log as it goes
    bool no_stall = false;               // replay_no_stall: ignore the recorded timing
    std::uint32_t time_scale = 100;      // replay_time_scale: percent of the recorded rate
    std::string redirect;                // replay_redirect: every I/O goes to this file
    std::uint64_t align = 0;             // replay_align: offsets rounded down to this; 0: not
    std::uint64_t scale = 1;             // replay_scale: offsets divided by this; 0: not
    std::uint8_t skip = 0;               // replay_skip: kSkip* bits
    bool read_only = false;              // --readonly: a replay leaves out writes and trims
    std::string merge_file;              // merge_blktrace_file: merge read_iolog's traces here
    std::vector<std::uint32_t> merge_scalars;  // merge_blktrace_scalars: percent per trace
    std::vector<std::uint32_t> merge_iters;    // merge_blktrace_iters: passes per trace

    bool replays() const noexcept { return !read_iolog.empty(); }
    bool operator==(const ReplaySpec&) const = default;
};

}  // namespace fio::core
