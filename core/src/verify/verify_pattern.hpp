// verify_pattern: parsing its text and filling buffers with it.
//
// The text is a sequence of pieces written back to back (stock fio's rules, checked
// against fio 3.33):
//   0xHEX     the bytes as written, most significant first ("0x123" is 01 23)
//   DECIMAL   the smallest number of bytes that hold it, least significant first
//             ("300" is 2c 01); a negative number takes 4 bytes; at most 32 bits
//   "TEXT"    the characters between double quotes
//   %o        the I/O's offset, 8 bytes little-endian
// The whole pattern repeats from the start of each block.
#pragma once

#include "jobs/verify_spec.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace fio::core {

// Stock fio's limit on a pattern's length.
inline constexpr std::size_t kMaxPatternBytes = 512;

// Throws ValueError naming what is wrong.
std::vector<PatternPiece> parse_verify_pattern(std::string_view text);

// The pattern laid out once for a block at `offset`: one period of it.
std::vector<std::uint8_t> pattern_period(const std::vector<PatternPiece>& pieces,
                                         std::uint64_t offset);

// True when the pattern depends on the offset (has %o).
bool pattern_uses_offset(const std::vector<PatternPiece>& pieces) noexcept;

// Fills `length` bytes of `out` with `period` repeated from its start.
void fill_with_period(std::uint8_t* out, std::size_t length,
                      const std::vector<std::uint8_t>& period) noexcept;

}  // namespace fio::core
