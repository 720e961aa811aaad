#include "verify/verify_pattern.hpp"

#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <limits>

namespace fio::core {
namespace {

int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// "0x..." at the start of `text`: its bytes; `used` gets the characters consumed.
std::vector<std::uint8_t> hex_piece(std::string_view text, std::size_t& used) {
    std::size_t end = 2;
    while (end < text.size() && hex_digit(text[end]) >= 0) ++end;
    const std::string_view digits = text.substr(2, end - 2);
    if (digits.empty()) throw ValueError(fmt::format("'{}': 0x needs hex digits", text));
    std::vector<std::uint8_t> bytes;
    std::size_t i = 0;
    if (digits.size() % 2 == 1) bytes.push_back(static_cast<std::uint8_t>(hex_digit(digits[i++])));
    for (; i < digits.size(); i += 2) {
        bytes.push_back(static_cast<std::uint8_t>(hex_digit(digits[i]) * 16 + hex_digit(digits[i + 1])));
    }
    used = end;
    return bytes;
}

std::vector<std::uint8_t> decimal_piece(std::string_view text, std::size_t& used) {
    std::size_t end = text[0] == '-' ? 1 : 0;
    const std::size_t first_digit = end;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    if (end == first_digit) {
        throw ValueError(fmt::format("'{}' is not a pattern: use 0xHEX, a number, \"text\" or %o",
                                     text));
    }
    used = end;
    const std::string_view digits = text.substr(0, end);
    std::int64_t value = 0;
    try {
        value = parse_integer(digits);
    } catch (const ValueError&) {
        throw ValueError(fmt::format("'{}' is too large for a pattern number (at most 32 bits)", digits));
    }
    std::vector<std::uint8_t> bytes;
    if (value < 0) {
        if (value < std::numeric_limits<std::int32_t>::min()) {
            throw ValueError(fmt::format("'{}' is too large for a pattern number (at most 32 bits)", digits));
        }
        const auto word = static_cast<std::uint32_t>(static_cast<std::int32_t>(value));
        for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<std::uint8_t>(word >> (8 * i)));
        return bytes;
    }
    if (value > 0xFFFFFFFFll) {
        throw ValueError(fmt::format("'{}' is too large for a pattern number (at most 32 bits)", digits));
    }
    auto word = static_cast<std::uint64_t>(value);
    do {
        bytes.push_back(static_cast<std::uint8_t>(word & 0xFF));
        word >>= 8;
    } while (word != 0);
    return bytes;
}

}  // namespace

std::vector<PatternPiece> parse_verify_pattern(std::string_view text) {
    std::vector<PatternPiece> pieces;
    std::size_t total = 0;
    std::string_view rest = text;
    while (!rest.empty()) {
        PatternPiece piece;
        std::size_t used = 0;
        if (rest.starts_with("%o")) {
            piece.is_offset = true;
            used = 2;
            total += 8;
        } else if (rest.starts_with("0x") || rest.starts_with("0X")) {
            piece.bytes = hex_piece(rest, used);
        } else if (rest[0] == '"') {
            const std::size_t close = rest.find('"', 1);
            if (close == std::string_view::npos) {
                throw ValueError(fmt::format("'{}': the quoted text has no closing '\"'", text));
            }
            const std::string_view quoted = rest.substr(1, close - 1);
            piece.bytes.assign(quoted.begin(), quoted.end());
            used = close + 1;
        } else {
            piece.bytes = decimal_piece(rest, used);
        }
        total += piece.bytes.size();
        if (total > kMaxPatternBytes) {
            throw ValueError(fmt::format("'{}' is longer than {} bytes", text, kMaxPatternBytes));
        }
        if (!piece.is_offset && piece.bytes.empty()) {
            throw ValueError(fmt::format("'{}': an empty piece (\"\") is not a pattern", text));
        }
        pieces.push_back(std::move(piece));
        rest.remove_prefix(used);
    }
    if (pieces.empty()) throw ValueError("an empty pattern");
    return pieces;
}

std::vector<std::uint8_t> pattern_period(const std::vector<PatternPiece>& pieces,
                                         std::uint64_t offset) {
    std::vector<std::uint8_t> period;
    for (const auto& piece : pieces) {
        if (piece.is_offset) {
            for (int i = 0; i < 8; ++i) period.push_back(static_cast<std::uint8_t>(offset >> (8 * i)));
        } else {
            period.insert(period.end(), piece.bytes.begin(), piece.bytes.end());
        }
    }
    return period;
}

bool pattern_uses_offset(const std::vector<PatternPiece>& pieces) noexcept {
    return std::any_of(pieces.begin(), pieces.end(), [](const auto& p) { return p.is_offset; });
}

void fill_with_period(std::uint8_t* out, std::size_t length,
                      const std::vector<std::uint8_t>& period) noexcept {
    if (period.empty() || length == 0) return;
    const std::size_t first = std::min(length, period.size());
    std::memcpy(out, period.data(), first);
    // Double the filled prefix until the buffer is full: few, long copies.
    std::size_t filled = first;
    while (filled < length) {
        const std::size_t chunk = std::min(filled / period.size() * period.size(), length - filled);
        std::memcpy(out + filled, out, chunk);
        filled += chunk;
    }
}

}  // namespace fio::core
