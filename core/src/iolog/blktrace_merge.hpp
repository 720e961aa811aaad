// merge_blktrace_file: several blktrace traces (read_iolog=a:b:...) merged into one, so
// that a single job replays their I/Os in one consistent order instead of one clone per
// trace racing the others.
//
// Only the queued reads, writes and discards (and flushes carrying a direction) are kept;
// payloads are dropped. Trace i's times are multiplied by scalars[i] percent (50: twice
// as fast) and the trace is run iters[i] times, each pass after the previous one's last
// event. Events are written in time order; at equal times the earlier trace comes first.
//
// Stock fio 3.33 documents this and accepts the options, but its merge writes an empty
// file here (and then replays what it can of the first trace); ours writes the merge.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fio::core {

struct BlktraceMerge {
    std::vector<std::string> inputs;
    std::vector<std::uint32_t> scalars;  // percent per input; empty: 100 each
    std::vector<std::uint32_t> iters;    // passes per input; empty: 1 each
    std::string output;
};

// Writes the merged trace; returns how many events it holds. Throws IoLogError naming
// the option or file at fault.
std::uint64_t merge_blktraces(const BlktraceMerge& merge);

}  // namespace fio::core
