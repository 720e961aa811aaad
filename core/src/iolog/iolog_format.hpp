// fio's iolog text formats (HOWTO "Trace file format"), one line at a time. A log
// starts with its version line; each further line is a file action or an I/O:
//
//   version 2:  fio version 2 iolog          version 3:  fio version 3 iolog
//               NAME add|open|close                      USEC NAME add|open|close
//               NAME ACTION OFFSET LENGTH                USEC NAME ACTION OFFSET LENGTH
//
// USEC is the time since the log began, in microseconds. ACTION is read, write, trim,
// sync (fsync), datasync (fdatasync), sync_file_range, or (version 2 only) wait, whose
// OFFSET is a moment of the run in milliseconds. Stock fio 3.33 writes version 3 (its
// sync lines carry the offset of the I/O before them and length 0) and reads both.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

namespace fio::core {

enum class IoLogAction : std::uint8_t {
    read, write, trim, sync, datasync, sync_file_range, wait,  // I/O lines
    add, open, close                                           // file lines
};

inline bool is_file_action(IoLogAction action) noexcept {
    return action == IoLogAction::add || action == IoLogAction::open ||
           action == IoLogAction::close;
}
inline bool is_sync_action(IoLogAction action) noexcept {
    return action == IoLogAction::sync || action == IoLogAction::datasync ||
           action == IoLogAction::sync_file_range;
}

// The word a log uses for `action`.
std::string_view action_name(IoLogAction action) noexcept;

inline constexpr std::string_view kIoLogHeaderV2 = "fio version 2 iolog";
inline constexpr std::string_view kIoLogHeaderV3 = "fio version 3 iolog";

// 2 or 3 when `line` is that version's header line (trailing blanks allowed), else 0.
int iolog_version(std::string_view line) noexcept;

// What is wrong with a log; the reader's messages start with "FILE:LINE: ".
class IoLogError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct IoLogLine {
    std::uint64_t time_us = 0;  // version 3 only
    std::string_view file;      // points into the parsed text
    IoLogAction action = IoLogAction::read;
    std::uint64_t offset = 0;   // I/O lines
    std::uint32_t length = 0;   // I/O lines; 0 for syncs and waits
};

// Parses one line of a version 2 or 3 log, without its line break. Throws IoLogError
// saying what is wrong (not where: the caller knows the file and line).
IoLogLine parse_iolog_line(std::string_view line, int version);

// The longest line format_* writes, apart from the file name.
inline constexpr std::size_t kIoLogLineMax = 96;

// Write one version 3 line (with its line break) at `out`, which has room for
// kIoLogLineMax + file.size() characters; return how many were written.
std::size_t format_io_line(char* out, std::uint64_t time_us, std::string_view file,
                           IoLogAction action, std::uint64_t offset,
                           std::uint64_t length) noexcept;
std::size_t format_file_line(char* out, std::uint64_t time_us, std::string_view file,
                             IoLogAction action) noexcept;

}  // namespace fio::core
