// Reading a whole file that input comes from (a job file, an include, --remote-config, an
// iolog, a host list, ...) without trusting it: a FIFO, a device such as /dev/zero or a
// huge file would otherwise block or grow memory without bound. Only regular files up to
// a cap are read; the read itself stops one byte past the cap, so a file that grows
// while it is read is refused too. docs/security.md lists every limit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <stdexcept>
#include <string>

namespace fio::core {

// Job files, includes and the other text files a job reads.
inline constexpr std::size_t kMaxInputFileBytes = std::size_t{16} << 20;

// Why a file was refused, without the file's name (the caller says where it was named):
// "no such file", "permission denied", "not a regular file (a FIFO)",
// "too large (104857600 bytes; the limit is 16 MiB)".
class InputFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The whole content of the regular file `path`, at most `limit` bytes. Never blocks on a
// FIFO (it is refused before it is opened for reading).
std::string read_bounded_file(const std::string& path, std::size_t limit = kMaxInputFileBytes);

// The rest of a stream (standard input), at most `limit` bytes.
std::string read_bounded_stream(std::istream& in, std::size_t limit = kMaxInputFileBytes);

// "16 MiB": how the limits are written in error messages.
std::string describe_limit(std::size_t bytes);

}  // namespace fio::core
