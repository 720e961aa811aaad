// buffer_pattern's value: a sequence of pieces written back to back, in any order,
//   0x<hex digits>   bytes in the order written; an odd count gets a leading 0 nibble
//   "text"           the characters between the quotes (no escapes)
//   'path'           the contents of that file
//   [blanks][+|-]<decimal>   a 32-bit integer, little-endian: a negative one takes 4
//                    bytes, a non-negative one as few as hold it (at least 1)
// The whole pattern holds at most kMaxBufferPattern bytes, as in stock fio 3.33: a file
// is cut to what still fits, any other piece that does not fit is an error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace fio::core {

inline constexpr std::size_t kMaxBufferPattern = 512;

// Throws ValueError naming the text and what is wrong with it.
std::vector<std::uint8_t> parse_buffer_pattern(std::string_view text);

}  // namespace fio::core
