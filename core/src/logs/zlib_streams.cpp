#include "logs/zlib_streams.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <limits>
#include <new>

namespace fio::core {
namespace {

// inflateInit2's window bits: 15, plus 32 to recognise a zlib or a gzip header.
constexpr int kAnyHeaderWindowBits = 15 + 32;
// A stream's output grows by this much at a time.
constexpr std::size_t kInflateStep = std::size_t{1} << 20;

// Releases the inflate state however the reading ends.
struct Inflater {
    z_stream stream{};
    bool ready = false;
    ~Inflater() {
        if (ready) inflateEnd(&stream);
    }
};

}  // namespace

std::vector<unsigned char> deflate_stream(std::span<const std::byte> bytes) {
    uLongf size = compressBound(static_cast<uLong>(bytes.size()));
    std::vector<unsigned char> out(size);
    const int rc = compress2(out.data(), &size, reinterpret_cast<const Bytef*>(bytes.data()),
                             static_cast<uLong>(bytes.size()), Z_BEST_SPEED);
    if (rc != Z_OK) throw std::bad_alloc();  // compressBound leaves room: only memory fails
    out.resize(size);
    out.shrink_to_fit();
    return out;
}

bool inflate_exact(std::span<const unsigned char> stream, std::span<std::byte> out) {
    uLongf size = static_cast<uLongf>(out.size());
    const int rc = uncompress(reinterpret_cast<Bytef*>(out.data()), &size, stream.data(),
                              static_cast<uLong>(stream.size()));
    return rc == Z_OK && size == out.size();
}

bool StreamSequence::next(std::vector<std::byte>& out) {
    out.clear();
    if (position_ == data_.size() || !error_.empty()) return false;
    Inflater inflater;
    if (inflateInit2(&inflater.stream, kAnyHeaderWindowBits) != Z_OK) throw std::bad_alloc();
    inflater.ready = true;
    z_stream& stream = inflater.stream;
    const std::size_t start = position_;
    stream.next_in = const_cast<Bytef*>(data_.data() + position_);
    stream.avail_in = static_cast<uInt>(
        std::min<std::size_t>(data_.size() - position_, std::numeric_limits<uInt>::max()));
    for (;;) {
        const std::size_t used = out.size();
        out.resize(used + kInflateStep);
        stream.next_out = reinterpret_cast<Bytef*>(out.data() + used);
        stream.avail_out = static_cast<uInt>(kInflateStep);
        const int rc = inflate(&stream, Z_NO_FLUSH);
        out.resize(used + kInflateStep - stream.avail_out);
        position_ = static_cast<std::size_t>(stream.next_in - data_.data());
        if (rc == Z_STREAM_END) return true;
        if (rc == Z_OK) {
            if (stream.avail_in == 0 && position_ < data_.size()) {
                stream.avail_in = static_cast<uInt>(std::min<std::size_t>(
                    data_.size() - position_, std::numeric_limits<uInt>::max()));
            }
            continue;
        }
        if (rc == Z_BUF_ERROR && position_ == data_.size()) {
            error_ = fmt::format("the compressed stream at byte {} is cut short", start);
        } else {
            error_ = fmt::format("the compressed stream at byte {} is damaged ({})", start,
                                 stream.msg != nullptr ? stream.msg : zError(rc));
        }
        return false;
    }
}

}  // namespace fio::core
