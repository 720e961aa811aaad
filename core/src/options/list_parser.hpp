// Lists of values separated by one character: the generic split, fio's filename list
// ("a:b", with "\:" for a colon inside a name) and its float lists (percentile_list).
//
// Checked against stock fio 3.33:
//   filename=a:b        files a and b;   a\:b   one file "a:b";   a\b   "a\b" (a
//                       backslash escapes only a colon);   a::b, :a, a:   empty names
//                       are skipped;   " a : b "   names keep inner blanks ("a ", " b"
//                       once the job file reader has trimmed the value's ends).
//   percentile_list     reported in ascending order whatever the order written, with
//                       duplicates kept (50:50:20 reports 20, 50, 50); each value in
//                       (0,100]; 1e1 is 10; at most 20 values.
// Deliberate differences for percentile_list, where stock fio prints a warning or
// nothing and carries on: 0 silently ends its list there (0:50 reports no
// percentiles), empty entries and entries after them are dropped (50::99 is 50),
// trailing junk is ignored (50x is 50), a 21st value is dropped, a negative value
// empties the list. We reject all of these.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fio::core {

// Every item between separators, empty ones included: "a::b" gives "a", "", "b" and
// "" gives one empty item. The views point into `text`.
std::vector<std::string_view> split_list(std::string_view text, char separator);

// fio's filename list: ':' separates names, "\:" is a colon inside a name, empty names
// are skipped. Names are kept byte for byte otherwise (blanks included).
std::vector<std::string> split_filename_list(std::string_view text);

// float_list: ':'-separated decimal numbers ("99.5", "1e1"), in the order written.
// Throws ValueError naming the text for an empty entry or one that is not a finite
// number.
std::vector<double> parse_float_list(std::string_view text);

inline constexpr std::size_t kMaxPercentiles = 20;

// percentile_list: a float list of at most kMaxPercentiles values in (0,100], sorted
// ascending as fio reports them.
std::vector<double> parse_percentile_list(std::string_view text);

}  // namespace fio::core
