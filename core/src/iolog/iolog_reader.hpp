// read_iolog: reading a version 2 or 3 iolog (iolog/iolog_format.hpp) into the entries
// a replay issues, with the replay options applied as the lines are read: replay_skip
// and --readonly leave I/Os out, replay_scale and replay_align move offsets,
// replay_redirect sends everything to one file, replay_no_stall and replay_time_scale
// set the pauses.
//
// Timing, as stock fio 3.33 replays it: a version 3 I/O waits, after the I/O before it
// was issued, for the time between their two lines (times 100 / replay_time_scale);
// the first I/O waits for the time since the log's first line. A version 2 log has no
// times; its "wait" lines hold the replay until that many milliseconds after the run
// began (what 3.33 does, although its HOWTO describes microseconds since the previous
// wait). replay_no_stall drops every pause.
#pragma once

#include "iolog/iolog_format.hpp"
#include "jobs/replay_spec.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace fio::core {

// One I/O (or version 2 wait) of a replay: 32 bytes.
struct ReplayEntry {
    std::uint64_t offset = 0;     // wait: milliseconds after the run began
    std::uint64_t delay_ns = 0;   // pause after the previous I/O was issued; 0: none
    std::uint32_t length = 0;     // 0 for syncs and waits
    std::uint32_t file = 0;       // index into the log's files
    IoLogAction action = IoLogAction::read;
};

// What replay options and the job make of a log's lines.
struct ReplayReading {
    ReplaySpec spec;
    // Every I/O goes to file 0 (replay_redirect, or an engine without files).
    bool one_file = false;
    // Longest I/O the job's buffers hold; 0: any (the buffers are sized from the log).
    std::uint32_t max_length = 0;
};

class IoLogReader {
public:
    // Opens the log ("-": standard input; a Unix socket is connected to) and reads its
    // version line. Throws IoLogError ("PATH: cannot open it: ..." / "PATH:1: ...").
    IoLogReader(std::string path, ReplayReading reading);
    ~IoLogReader();
    IoLogReader(const IoLogReader&) = delete;
    IoLogReader& operator=(const IoLogReader&) = delete;

    // Appends entries to `out` until `most` were appended or the log ended; returns how
    // many. Throws IoLogError "PATH:LINE: 'TEXT': what is wrong".
    std::size_t read(std::vector<ReplayEntry>& out, std::size_t most);
    // Reads the file lines up to the first I/O line (nothing is consumed from there).
    void read_file_lines();

    const std::string& path() const noexcept { return path_; }
    int version() const noexcept { return version_; }
    // The files the log added so far (with replay_redirect: that one file).
    const std::vector<std::string>& files() const noexcept { return files_; }
    // No more files may be added (a replay read in chunks has opened its files).
    void freeze_files() noexcept { files_frozen_ = true; }

    // Of the I/Os read so far: bytes and the longest I/O per direction (read, write,
    // trim), syncs, and the writes and trims --readonly left out.
    const std::array<std::uint64_t, 3>& bytes() const noexcept { return bytes_; }
    const std::array<std::uint32_t, 3>& longest() const noexcept { return longest_; }
    std::uint64_t syncs() const noexcept { return syncs_; }
    std::uint64_t left_out_by_readonly() const noexcept { return left_out_; }

private:
    // Reads more of the log after what is still unread; sets eof_ at its end.
    void fill();
    // The next line (without its break) into line_; false at the end of the log.
    bool next_line();
    // Turns line_ into an entry; false when it makes none (a file line, a skipped I/O).
    bool take_line(ReplayEntry& entry);
    std::uint32_t file_index(std::string_view name, IoLogAction action);
    [[noreturn]] void fail(const std::string& what) const;

    std::string path_;
    ReplayReading reading_;
    int fd_ = -1;
    bool owns_fd_ = false;
    std::unique_ptr<char[]> buffer_;
    std::size_t begin_ = 0, end_ = 0;  // unread bytes of buffer_
    bool eof_ = false;
    std::string_view line_;
    bool line_pending_ = false;  // line_ was read but not taken yet
    std::uint64_t line_number_ = 0;
    int version_ = 0;

    std::vector<std::string> names_;  // every file name the log added, in order
    std::vector<std::string> files_;  // the files replayed: names_, or the one file
    bool files_frozen_ = false;
    std::uint32_t last_name_ = 0;     // where the previous lookup found its name

    bool timed_ = false;           // a version 3 time was seen
    std::uint64_t last_time_us_ = 0;
    std::uint64_t pending_us_ = 0;  // recorded time since the previous I/O entry

    std::array<std::uint64_t, 3> bytes_{};
    std::array<std::uint32_t, 3> longest_{};
    std::uint64_t syncs_ = 0;
    std::uint64_t left_out_ = 0;
};

}  // namespace fio::core
