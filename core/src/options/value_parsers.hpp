// Parsers for the scalar values in job files and on the command line: sizes, times,
// booleans, percentages and integers. Each one accepts the whole text or throws
// ValueError naming the text; none of them silently ignores trailing characters.
//
// Grammar (letters are case-insensitive, surrounding blanks are ignored):
//   size        DIGITS [ "." DIGITS ] [ PREFIX [ "i" ] [ "b" ] | "b" ]   or   "0x" HEXDIGITS
//               PREFIX is k, m, g, t, p or e (powers 1..6). "4k" "4kb" "4ki" use kb_base;
//               "4kib" uses the other base (see kb_base below). A fraction is rounded
//               down to whole bytes: 1.5k = 1536.
//   time        DIGITS [ "." DIGITS ] [ UNIT ]      UNIT: ns nsec us usec ms msec s sec m min h d
//               A bare number is in the caller's default unit. Result in nanoseconds,
//               rounded down.
//   bool        0 1 true false yes no on off
//   percentage  DIGITS [ "." DIGITS ] [ "%" ], from 0 to 100
//   integer     [ "+" | "-" ] ( DIGITS | "0x" HEXDIGITS ), within int64
//
// kb_base, checked against stock fio 3.33: with the default kb_base=1024 fio keeps old
// scripts working by reading the prefixes "backwards": k/kb = 1024 and kib = 1000. With
// kb_base=1000 they mean what the standards say: k/kb = 1000, kib = 1024. "ki" (without
// the b) follows kb_base like "k" does in stock fio, although its HOWTO lists it as IEC.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string_view>

namespace fio::core {

// A value that does not parse. The message names the offending text, e.g.
// "'4q' is not a size: unknown unit 'q'".
class ValueError : public std::runtime_error {
public:
    using runtime_error::runtime_error;
};

// Bytes. `kb_base` is 1024 (fio's default) or 1000; anything else throws ValueError.
std::uint64_t parse_size(std::string_view text, unsigned kb_base = 1024);

// The unit of a time written without one (fio options differ: runtime is in seconds,
// thinktime in microseconds, ...).
enum class TimeUnit { ns, us, ms, s };

// Nanoseconds.
std::uint64_t parse_time_ns(std::string_view text, TimeUnit default_unit);

// How many nanoseconds one `unit` is.
std::uint64_t nanoseconds_per(TimeUnit unit) noexcept;

bool parse_bool(std::string_view text);

// 0..100; a trailing '%' is optional.
double parse_percentage(std::string_view text);

// Decimal or 0x hexadecimal, optionally signed.
std::int64_t parse_integer(std::string_view text);

// `text` without leading and trailing blanks (spaces, tabs, line breaks).
std::string_view trim_blanks(std::string_view text) noexcept;

}  // namespace fio::core
