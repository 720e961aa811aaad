// read_iolog of a blktrace binary trace (iolog/blktrace_format.hpp): the queued I/Os of
// the trace become the entries of a replay, as stock fio 3.33 reads them.
//
// - Only "queued" events are replayed; merges, completions and the rest of the block
//   layer's events only serve to estimate the depth the traced workload kept (queued
//   minus merged until a completion, per direction), which becomes the job's iodepth
//   unless iodepth= was given. Notify events (process names, messages) are skipped.
// - A discard becomes a trim, a flush a sync, any other event a read or a write by its
//   write bit; zero-byte reads and writes are left out with one warning.
// - Each traced device is replayed on the block device with its major:minor found under
//   /dev, or on replay_redirect's file. Offsets are sectors of 512 bytes, divided by
//   replay_scale and rounded down to replay_align (which also rounds lengths up).
// - The pause before an I/O is the time since the previous queued event, in whole
//   microseconds, times 100 / replay_time_scale; replay_no_stall drops them.
#pragma once

#include "iolog/blktrace_format.hpp"
#include "iolog/replay_plan.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace fio::core {

// Reads the records of a trace file one by one, skipping their payloads.
class BlktraceStream {
public:
    // Throws IoLogError "read_iolog=PATH: ..." when it cannot be opened or is no trace.
    explicit BlktraceStream(std::string path);
    ~BlktraceStream();
    BlktraceStream(const BlktraceStream&) = delete;
    BlktraceStream& operator=(const BlktraceStream&) = delete;

    // The next record; nullopt at the end. Throws IoLogError for a bad magic, another
    // version or a record cut short.
    std::optional<blktrace::Record> next();
    // Starts over from the first record.
    void rewind();
    const std::string& path() const noexcept { return path_; }

private:
    bool fill(std::size_t wanted);  // false when the file ends first
    [[noreturn]] void fail(const std::string& what) const;

    std::string path_;
    int fd_ = -1;
    bool swap_ = false;
    std::vector<unsigned char> buffer_;
    std::size_t begin_ = 0, end_ = 0;
    std::uint64_t records_ = 0;
};

// Whether the file at `path` starts with blktrace's magic (false when it cannot be read).
bool is_blktrace_file(const std::string& path);

// The device node of block device major:minor (searched under /dev), or nullopt.
using DeviceFinder = std::function<std::optional<std::string>(unsigned device_major, unsigned device_minor)>;
std::optional<std::string> find_block_device(unsigned device_major, unsigned device_minor);

struct BlktraceReplay {
    std::shared_ptr<ReplayLog> log;
    std::uint32_t depth = 1;              // the traced workload's depth, 1..1024
    std::uint64_t syncs = 0;
    std::uint64_t left_out_by_readonly = 0;
};

// Reads the whole trace for a replay with `reading`'s options. Throws IoLogError.
BlktraceReplay read_blktrace(const std::string& path, const ReplayReading& reading,
                             const DeviceFinder& find_device = find_block_device);

}  // namespace fio::core
