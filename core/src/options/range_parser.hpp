// Ranges of sizes and times (bsrange=4k-64k, filesize=1m-8m, startdelay=1-5s) and the
// per-direction size forms (bs=4k,8k and bsrange=1k-4k,2k-8k).
//
// Grammar: a range is MIN "-" MAX or MIN ":" MAX (blanks around either end are
// ignored); each end is a size or a time as value_parsers.hpp reads it, or an
// expression (expression.hpp). Each end carries its own unit: startdelay=1-5s is 1 s to
// 5 s, startdelay=100ms-2 is 100 ms to 2 s (stock fio reads both ends alone too).
//
// Checked against stock fio 3.33 (its job line prints the block-size ranges;
// --debug=parse prints the startdelay ends):
//   bsrange=8k-4k            swapped to 4k-8k, as its HOWTO says of every range
//   bsrange=1k:4k            the same as 1k-4k
//   bsrange=4k               rejected: bsrange needs both ends
//   bsrange=1k-4k,2k-8k      per direction, by the rule in per_direction.hpp
//   filesize=64k             a single value is the range 64k-64k
//   startdelay=2             likewise
// Deliberate differences: stock fio ignores what follows a range ("1k-2k-3k",
// "1k-4k:8k", "1k-4kx" and "1k-4k/2k-8k" all read as 1k-4k) and a fourth direction;
// we reject them. It stores startdelay=5-1 unswapped and then sleeps for an absurd
// time; we swap it like every other range. It reads "bs=1k-2k" and "bs=1k:2k" as
// "bs=1k,2k" (read 1k, write 2k); we reject both there, as a range is surely meant.
//
// Bounds beyond "min <= max" (bs >= 1, say) are the caller's to check.
#pragma once

#include "options/per_direction.hpp"
#include "options/value_parsers.hpp"

#include <cstdint>
#include <string_view>

namespace fio::core {

struct SizeRange {
    std::uint64_t min = 0;  // bytes
    std::uint64_t max = 0;

    friend bool operator==(const SizeRange&, const SizeRange&) = default;
};

struct TimeRange {
    std::uint64_t min_ns = 0;
    std::uint64_t max_ns = 0;

    friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

// MIN-MAX, MIN:MAX, or a single size N meaning N-N (filesize=).
SizeRange parse_size_range(std::string_view text, unsigned kb_base);

// MIN-MAX, MIN:MAX, or a single time (startdelay=); a bare number is in default_unit.
TimeRange parse_time_range(std::string_view text, TimeUnit default_unit);

// bsrange=: "READ[,WRITE[,TRIM]]", each given part MIN-MAX or MIN:MAX.
PerDirection<SizeRange> parse_size_ranges(std::string_view text, unsigned kb_base);

// bs=: "READ[,WRITE[,TRIM]]", each given part one size.
PerDirection<std::uint64_t> parse_per_direction_sizes(std::string_view text, unsigned kb_base);

}  // namespace fio::core
