#include "options/buffer_pattern.hpp"

#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

namespace fio::core {
namespace {

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

class PatternReader {
public:
    explicit PatternReader(std::string_view text) : text_(text) {}

    std::vector<std::uint8_t> read() {
        if (text_.empty()) fail("the pattern is empty");
        while (at_ < text_.size()) {
            const char c = text_[at_];
            if (c == '"') {
                read_quoted_text();
            } else if (c == '\'') {
                read_file();
            } else if (c == '0' && at_ + 1 < text_.size() && (text_[at_ + 1] | 0x20) == 'x') {
                read_hex();
            } else {
                read_decimal();
            }
        }
        return std::move(bytes_);
    }

private:
    [[noreturn]] void fail(std::string_view why) const {
        throw ValueError(fmt::format("'{}' is not a buffer pattern: {}", text_, why));
    }

    void append(std::uint8_t byte) {
        if (bytes_.size() == kMaxBufferPattern) {
            fail(fmt::format("a pattern holds at most {} bytes", kMaxBufferPattern));
        }
        bytes_.push_back(byte);
    }

    // "text": the characters as they are, up to the closing quote.
    void read_quoted_text() {
        const auto close = text_.find('"', at_ + 1);
        if (close == std::string_view::npos) fail("a quoted string is not closed");
        if (close == at_ + 1) fail("a quoted string is empty");
        for (std::size_t i = at_ + 1; i < close; ++i) append(static_cast<std::uint8_t>(text_[i]));
        at_ = close + 1;
    }

    // 'path': the file's bytes, as many as still fit.
    void read_file() {
        const auto close = text_.find('\'', at_ + 1);
        if (close == std::string_view::npos) fail("a quoted file name is not closed");
        const std::string path(text_.substr(at_ + 1, close - at_ - 1));
        std::ifstream in(path, std::ios::binary);
        if (!in) fail(fmt::format("cannot read file '{}': {}", path, std::strerror(errno)));
        const std::size_t room = kMaxBufferPattern - bytes_.size();
        std::vector<char> contents(room);
        in.read(contents.data(), static_cast<std::streamsize>(room));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0) fail(fmt::format("file '{}' is empty", path));
        for (std::size_t i = 0; i < got; ++i) bytes_.push_back(static_cast<std::uint8_t>(contents[i]));
        at_ = close + 1;
    }

    // 0x...: two digits a byte, most significant first; an odd count starts with one.
    void read_hex() {
        std::size_t end = at_ + 2;
        while (end < text_.size() && hex_value(text_[end]) >= 0) ++end;
        const std::size_t digits = end - at_ - 2;
        if (digits == 0) fail("'0x' is not followed by hex digits");
        std::size_t i = at_ + 2;
        if (digits % 2 == 1) append(static_cast<std::uint8_t>(hex_value(text_[i++])));
        for (; i < end; i += 2) {
            append(static_cast<std::uint8_t>(hex_value(text_[i]) * 16 + hex_value(text_[i + 1])));
        }
        at_ = end;
    }

    // A 32-bit integer in decimal, little-endian.
    void read_decimal() {
        std::size_t i = at_;
        while (i < text_.size() && is_blank(text_[i])) ++i;
        bool negative = false;
        if (i < text_.size() && (text_[i] == '+' || text_[i] == '-')) negative = text_[i++] == '-';
        const std::size_t first_digit = i;
        std::int64_t magnitude = 0;
        while (i < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i]))) {
            magnitude = magnitude * 10 + (text_[i++] - '0');
            if (magnitude > (1ll << 31)) fail("a number does not fit in 32 bits");
        }
        if (i == first_digit) {
            fail(fmt::format("unexpected '{}' (expected 0x hex, \"text\", 'file' or a number)",
                             text_.substr(at_, 1)));
        }
        const std::int64_t value = negative ? -magnitude : magnitude;
        if (value > 0x7FFFFFFF) fail("a number does not fit in 32 bits");
        auto bits = static_cast<std::uint32_t>(value);
        if (negative && value != 0) {
            for (int b = 0; b < 4; ++b) append(static_cast<std::uint8_t>(bits >> (8 * b)));
        } else {
            do {
                append(static_cast<std::uint8_t>(bits & 0xFF));
                bits >>= 8;
            } while (bits != 0);
        }
        at_ = i;
    }

    std::string_view text_;
    std::size_t at_ = 0;
    std::vector<std::uint8_t> bytes_;
};

}  // namespace

std::vector<std::uint8_t> parse_buffer_pattern(std::string_view text) {
    return PatternReader(text).read();
}

}  // namespace fio::core
