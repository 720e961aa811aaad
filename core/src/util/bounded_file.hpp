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
// error_number() is the errno of a failed open or read, EINVAL for a file of the wrong
// kind and EFBIG for one too large, for callers that report an errno as stock fio does.
class InputFileError : public std::runtime_error {
public:
    InputFileError(int error_number, const std::string& what)
        : std::runtime_error(what), error_number_(error_number) {}
    int error_number() const noexcept { return error_number_; }

private:
    int error_number_;
};

// The whole content of the regular file `path`, at most `limit` bytes. Never blocks on a
// FIFO (it is refused before it is opened for reading).
std::string read_bounded_file(const std::string& path, std::size_t limit = kMaxInputFileBytes);

// The rest of a stream (standard input), at most `limit` bytes.
std::string read_bounded_stream(std::istream& in, std::size_t limit = kMaxInputFileBytes);

// "16 MiB": how the limits are written in error messages.
std::string describe_limit(std::size_t bytes);

}  // namespace fio::core
