// write_iolog: a job thread's record of every I/O it hands to the engine, in the
// version 3 format stock fio 3.33 writes (iolog/iolog_format.hpp): a header, an add
// line per file, open and close lines, then "USEC NAME ACTION OFFSET LENGTH" per I/O.
//
// The file is opened for appending, as stock does, so jobs (and runs) that name the
// same file add their own sections to it. Lines gather in a buffer that is written in
// blocks of whole lines: recording an I/O is a few hundred nanoseconds of formatting
// and no system call, and sections of jobs sharing a file never cut a line in two.
#pragma once

#include "iolog/iolog_format.hpp"

#include <fio/sdk/engine.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace fio::core {

class IoLogWriter {
public:
    // Opens `path` (created if missing) and starts a section: the header, then an add
    // line for each of `files` (indexed as FileHandle::index). Times count from
    // `start_ns` (monotonic). Throws IoLogError naming the path.
    IoLogWriter(const std::string& path, std::vector<std::string> files, std::uint64_t start_ns);
    // Writes what is still buffered; a failure is lost here (finish() reports it).
    ~IoLogWriter();
    IoLogWriter(const IoLogWriter&) = delete;
    IoLogWriter& operator=(const IoLogWriter&) = delete;

    void file_opened(std::uint32_t file, std::uint64_t now_ns) noexcept;
    void file_closed(std::uint32_t file, std::uint64_t now_ns) noexcept;

    // An I/O handed to the engine (`unit.start_ns` is when it was prepared). A sync
    // shows the offset of the I/O recorded before it and length 0, as in stock's logs.
    void record(const sdk::IoUnit& unit) noexcept;
    // A sync of `file` outside the I/O loop (end_fsync), recorded like the loop's.
    void record_fsync(std::uint32_t file, std::uint64_t now_ns) noexcept;

    // Writes what is buffered and closes the file. Returns "" or what went wrong
    // ("write_iolog=PATH: No space left on device") with the first failed write.
    std::string finish();

private:
    std::uint64_t micros_since_start(std::uint64_t now_ns) const noexcept {
        return now_ns > start_ns_ ? (now_ns - start_ns_) / 1000 : 0;
    }
    // Room for one more line naming `file`, writing the buffer out first if needed.
    char* room_for(std::string_view file) noexcept;
    void write_out() noexcept;

    std::string path_;
    std::vector<std::string> files_;
    std::uint64_t start_ns_;
    int fd_ = -1;
    std::unique_ptr<char[]> buffer_;
    std::size_t used_ = 0;
    std::uint64_t last_offset_ = 0;
    int error_ = 0;  // errno of the first failed write; later lines are dropped
};

}  // namespace fio::core
