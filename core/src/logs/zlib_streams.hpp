// zlib as fio's compressed logs use it: each chunk of a log is one zlib stream, and a
// stored log (.fz) is such streams one after another.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace fio::core {

// `bytes` deflated into one zlib stream. Throws std::bad_alloc.
std::vector<unsigned char> deflate_stream(std::span<const std::byte> bytes);

// Inflates `stream`, which must hold exactly out.size() bytes (as deflate_stream made
// it from a buffer of that size). Returns false when it does not.
bool inflate_exact(std::span<const unsigned char> stream, std::span<std::byte> out);

// Reads the streams of `data` in order, each inflated whole. zlib and gzip streams are
// both taken, as stock fio takes them.
class StreamSequence {
public:
    explicit StreamSequence(std::span<const unsigned char> data) : data_(data) {}

    // Puts the next stream's bytes into `out`. Returns false at the end of the data,
    // or when a stream is damaged or cut short: error() then says which.
    bool next(std::vector<std::byte>& out);

    // Empty after a clean end.
    const std::string& error() const noexcept { return error_; }

private:
    std::span<const unsigned char> data_;
    std::size_t position_ = 0;
    std::string error_;
};

}  // namespace fio::core
