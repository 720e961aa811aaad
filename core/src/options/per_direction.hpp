// fio's per-direction option values, "READ[,WRITE[,TRIM]]" (bs, bsrange, bssplit...).
//
// Checked against stock fio 3.33 with bs= (its job line shows all three values):
//   bs=8k          8k for reads, writes and trims: the last value given, when no comma
//                  ends the list, also applies to the directions after it
//   bs=8k,32k      8k reads; 32k writes and trims
//   bs=8k,32k,     8k reads, 32k writes, trims unset (keep their default)
//   bs=,8k         reads unset, 8k writes and trims
//   bs=,8k,        only writes set;   bs=8k,,16k   writes unset;   bs=8k,   only reads
//   bs=  bs=,  bs=,,   rejected (nothing given)
// Unset means "not given here": the direction keeps whatever it had (the default, or
// an earlier line: "bs=8k" then "bs=,16k" leaves reads at 8k).
//
// Deliberate differences: stock fio silently ignores a fourth value ("bs=1k,2k,3k,4k");
// we reject it. Blanks around a value are ignored (stock reads " 8k , 16k" as 8 and 16
// bytes).
#pragma once

#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace fio::core {

// Indexed like sdk::IoDirection: read, write, trim. nullopt: not given.
template <typename T>
using PerDirection = std::array<std::optional<T>, 3>;

inline constexpr std::array<std::string_view, 3> kDirectionNames = {"read", "write", "trim"};

// The text of each direction's value, blanks trimmed, by the rule above. Throws
// ValueError naming `text` when it has more than three parts or no value at all.
PerDirection<std::string_view> split_per_direction(std::string_view text);

// Splits `text` as above and parses each given direction with `parse` (text -> T). A
// ValueError from `parse` is rethrown naming the whole text and the direction, unless
// the text is that one value.
template <typename T, typename Parse>
PerDirection<T> parse_per_direction(std::string_view text, Parse parse) {
    const PerDirection<std::string_view> parts = split_per_direction(text);
    PerDirection<T> values;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (!parts[i]) continue;
        try {
            values[i] = parse(*parts[i]);
        } catch (const ValueError& error) {
            if (*parts[i] == trim_blanks(text)) throw;  // one value for all: it says enough
            throw ValueError(
                fmt::format("in '{}', the {} value: {}", text, kDirectionNames[i], error.what()));
        }
    }
    return values;
}

}  // namespace fio::core
