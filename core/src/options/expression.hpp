// fio's arithmetic in option values, and the "number, or an expression giving one"
// parsers that every numeric option and every numeric part of a list or range uses.
//
// Two forms are expressions (anything else is left to the plain parsers untouched, so
// "4k", "-5", "50%" and "0x10" never reach the evaluator):
//
//   "(" ... ")" ...    HOWTO: "Anywhere a numeric value is required, an arithmetic
//                      expression may be used, provided it is surrounded by
//                      parentheses": (1+2)*1m, (4*1k), (1+2)k, (10s+500ms).
//   8*24105            Plain decimal numbers joined by operators, no parentheses needed:
//                      what HOWTO's "size=8*$mb_memory" becomes after keyword
//                      substitution (core/src/jobs/value_expansion.cpp).
//
// Operators, loosest first: + and - (left), * / % (left), ^ (right), unary - and +
// (tighter than ^, as in bc and upstream fio: -2^2 is 4), then a unit suffix, which
// applies to the number or parenthesised group just before it. Numbers are decimal ("12", "1.5") or 0x hexadecimal; arithmetic is exact on whole
// numbers (integer division truncates, as C and bc do) and turns to floating point once
// a fraction is involved; the result is truncated toward zero.
//
// Units inside expressions:
//   size   a number may carry any unit parse_size accepts ("4k", "1.5m", "2kib"), and
//          a unit may follow a group ("(1+2)k"); kb_base applies as it does outside
//          expressions. Without units the value is in bytes.
//   time   HOWTO: "For time values in expressions, units are microseconds by
//          default." When any number or group in the expression carries a time unit
//          ("m" is minutes, as for every time), the plain numbers in it are
//          microseconds: (1s+500) is 1.0005 s. Without any unit the result is in the
//          option's own unit, as stock fio does for runtime=2*$ncpus (4 s).
//   number integers and percentages take no units.
//
// Stock fio 3.33 as built by Debian (checked with `fio --parse-only --debug=parse`):
// it is built without CONFIG_ARITHMETIC, so every parenthesised expression is rejected
// ("(1+2)", "(1+2)*1m", "(4*1k)" all fail to parse). We follow the HOWTO instead. Its
// keyword arithmetic pipes the value through bc(1), and only when a $keyword was
// substituted: "size=3*$pagesize" is 12288 and "size=$pagesize/3" is 1365 (bc's integer
// division), but "size=2*48210" is 2 (the "*48210" is ignored). We evaluate the
// plain form whether or not a keyword produced it. Upstream fio's own grammar (when
// built with arithmetic) also differs from the conventional precedence used here in
// two corners nobody writes on purpose: it binds % tighter than * and ^, and a unit
// suffix looser than * and / ("(10/2k)" is (10/2)k there, 10/(2k) here). Its suffixes
// ignore kb_base; ours follow it.
#pragma once

#include "options/value_parsers.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace fio::core {

// What the numbers in an expression measure: it decides which units they may carry
// and what the result is in.
enum class Quantity {
    number,  // result as is
    size,    // result in bytes
    time,    // result in nanoseconds
};

struct ExpressionUnits {
    Quantity quantity = Quantity::number;
    unsigned kb_base = 1024;                     // sizes: 1024 or 1000
    TimeUnit default_time_unit = TimeUnit::s;    // times: the unit of a unit-less result
};

// The value of `text` when it is an expression (see above), nullopt when it is not.
// Throws ValueError naming the text for a malformed expression, division by zero, a
// result outside int64, or a negative size or time.
std::optional<std::int64_t> evaluate_if_expression(std::string_view text,
                                                   const ExpressionUnits& units);

// An expression, else the plain parser of value_parsers.hpp. These are what options
// and the numeric parts of ranges and lists go through.
std::int64_t parse_integer_or_expression(std::string_view text);
std::uint64_t parse_size_or_expression(std::string_view text, unsigned kb_base);
std::uint64_t parse_time_or_expression(std::string_view text, TimeUnit default_unit);
double parse_percentage_or_expression(std::string_view text);  // 0..100

// The position of the first of `characters` in `text` that is not inside parentheses,
// or npos: lists and ranges split there, so "(8-4)k-16k" is the range 4k..16k.
std::size_t find_outside_parentheses(std::string_view text, std::string_view characters);

}  // namespace fio::core
