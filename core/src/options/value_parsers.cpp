#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <limits>
#include <string>

// Where we deliberately differ from stock fio 3.33 (each checked with `fio --parse-only
// --debug=parse`). Stock fio reads a leading number with strtoll, then looks at the
// letters that follow and ignores anything it does not recognise, so a typo silently
// becomes another value. We reject instead, or give the value the text clearly means:
//
//   text            stock fio 3.33                  here
//   4q, 4kfoo, 4k5  4, 4096, 4096 (junk ignored)    ValueError
//   1.5m            1 (fraction and unit dropped)   1572864
//   0x1k            1 (unit ignored)                ValueError (hex takes no unit)
//   -5 (size)       2^64-5, then re-read as 5       ValueError
//   16e, 1e         16, 1 (no exa prefix)           2^64 overflows -> ValueError; 1e = 2^60
//   20000p          wraps modulo 2^64               ValueError (overflow)
//   2^63 .. 2^64-1  rejected (strtoll range)        accepted as sizes
//   4%              a share of the file (size=...)  ValueError: the option layer handles %
//   4 k             4 (" k" ignored)                ValueError
//   10sec, 10min    10 us (unit ignored)            10 s, 10 min (as its HOWTO documents)
//   10ns            10 us                           10 ns (we keep nanoseconds)
//   1.5s            1 s                             1.5 s
//   0x10 (time)     16 us whatever the default      ValueError
//   huge times      wrap modulo 2^64 us             ValueError beyond 2^64-1 ns (584 years)
//   yes/on/true     rejected for booleans           accepted
//   0x1, 1x (bool)  true                            ValueError
//   (1+2)k          arithmetic only in builds with CONFIG_ARITHMETIC; Debian's fio has none
//                   and rejects it, as these parsers do. Option values evaluate it first
//                   (expression.hpp), as fio's HOWTO documents.

namespace fio::core {
namespace {

// 128-bit intermediates keep size arithmetic exact; __extension__ keeps -Wpedantic quiet.
__extension__ typedef unsigned __int128 u128;

constexpr std::uint64_t kMaxU64 = std::numeric_limits<std::uint64_t>::max();
constexpr unsigned kMaxFractionDigits = 18;  // 10^18 still fits comfortably in 64 bits

constexpr std::array<std::uint64_t, kMaxFractionDigits + 1> kPowersOfTen = [] {
    std::array<std::uint64_t, kMaxFractionDigits + 1> powers{};
    std::uint64_t p = 1;
    for (auto& value : powers) {
        value = p;
        p *= 10;
    }
    return powers;
}();

// What is being parsed, so every error names the text and the kind of value expected.
struct Context {
    std::string_view text;
    std::string_view kind;  // "a size", "a time", ...

    [[noreturn]] void fail(std::string_view reason) const {
        throw ValueError(fmt::format("'{}' is not {}: {}", text, kind, reason));
    }
};

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

char to_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (to_lower(a[i]) != to_lower(b[i])) return false;
    }
    return true;
}

// Trims the text and removes an optional leading '+'. Rejects empty and negative text:
// none of the unsigned values has a meaning for them.
std::string_view unsigned_body(const Context& ctx) {
    std::string_view s = trim_blanks(ctx.text);
    if (s.empty()) ctx.fail("the value is empty");
    if (s.front() == '-') ctx.fail("negative values are not allowed");
    if (s.front() == '+') s.remove_prefix(1);
    return s;
}

bool has_hex_prefix(std::string_view s) noexcept {
    return s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
}

// Reads "0x" HEXDIGITS from the front of `rest`.
std::uint64_t read_hex(std::string_view& rest, const Context& ctx) {
    rest.remove_prefix(2);
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), value, 16);
    if (error == std::errc::invalid_argument) ctx.fail("expected hexadecimal digits after '0x'");
    if (error == std::errc::result_out_of_range) ctx.fail("the number is too large");
    rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
    return value;
}

// DIGITS [ "." DIGITS ], kept exact: the fraction stays an integer with a digit count.
struct Decimal {
    std::uint64_t whole = 0;
    std::uint64_t fraction = 0;
    unsigned fraction_digits = 0;
};

Decimal read_decimal(std::string_view& rest, const Context& ctx) {
    Decimal number;
    if (rest.empty() || !is_digit(rest.front())) ctx.fail("expected a number");
    const auto [end, error] =
        std::from_chars(rest.data(), rest.data() + rest.size(), number.whole, 10);
    if (error == std::errc::result_out_of_range) ctx.fail("the number is too large");
    rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));

    if (rest.empty() || rest.front() != '.') return number;
    rest.remove_prefix(1);
    if (rest.empty() || !is_digit(rest.front())) ctx.fail("expected digits after '.'");
    while (!rest.empty() && is_digit(rest.front())) {
        if (number.fraction_digits == kMaxFractionDigits) {
            ctx.fail(fmt::format("more than {} decimal places", kMaxFractionDigits));
        }
        number.fraction = number.fraction * 10 + static_cast<unsigned>(rest.front() - '0');
        ++number.fraction_digits;
        rest.remove_prefix(1);
    }
    return number;
}

// number * multiplier, rounded down, or an error when it exceeds 2^64-1. Exact: the
// largest intermediate (2^64 * 2^60) fits in 128 bits.
std::uint64_t scale(const Decimal& number, std::uint64_t multiplier, const Context& ctx) {
    const u128 whole_part = static_cast<u128>(number.whole) * multiplier;
    const u128 fraction_part = static_cast<u128>(number.fraction) * multiplier /
                               kPowersOfTen[number.fraction_digits];
    const u128 total = whole_part + fraction_part;
    if (total > kMaxU64) ctx.fail("the value is larger than 2^64-1");
    return static_cast<std::uint64_t>(total);
}

std::uint64_t power(std::uint64_t base, unsigned exponent) noexcept {
    std::uint64_t result = 1;
    while (exponent-- > 0) result *= base;
    return result;
}

// The byte multiplier of a size's unit suffix (already split from the number).
std::uint64_t size_multiplier(std::string_view suffix, unsigned kb_base, const Context& ctx) {
    if (suffix.empty() || equals_ignoring_case(suffix, "b")) return 1;

    constexpr std::string_view kPrefixes = "kmgtpe";  // 1024^1 .. 1024^6 (or 1000^n)
    const auto prefix = kPrefixes.find(to_lower(suffix.front()));
    const std::string_view tail = suffix.substr(1);
    const bool follows_kb_base = tail.empty() || equals_ignoring_case(tail, "b") ||
                                 equals_ignoring_case(tail, "i");
    const bool other_base = equals_ignoring_case(tail, "ib");
    if (prefix == std::string_view::npos || !(follows_kb_base || other_base)) {
        ctx.fail(fmt::format("unknown unit '{}' (expected b, k, m, g, t, p or e, "
                             "optionally followed by b or ib)", suffix));
    }
    // "KiB" means the base kb_base does not: with kb_base=1024 stock fio reads it as
    // 1000, the old-script compatibility mode its HOWTO describes under kb_base.
    const unsigned base = other_base ? (kb_base == 1000 ? 1024 : 1000) : kb_base;
    return power(base, static_cast<unsigned>(prefix) + 1);
}

struct TimeSuffix {
    std::string_view name;
    std::uint64_t nanoseconds;
};

constexpr std::uint64_t kSecond = 1'000'000'000;
constexpr std::array<TimeSuffix, 12> kTimeSuffixes = {{
    {"ns", 1},
    {"nsec", 1},
    {"us", 1'000},
    {"usec", 1'000},
    {"ms", 1'000'000},
    {"msec", 1'000'000},
    {"s", kSecond},
    {"sec", kSecond},
    {"m", 60 * kSecond},  // minutes, never milli: fio reads "ms" for that
    {"min", 60 * kSecond},
    {"h", 3'600 * kSecond},
    {"d", 86'400 * kSecond},
}};

}  // namespace

std::string_view trim_blanks(std::string_view text) noexcept {
    constexpr std::string_view kBlanks = " \t\r\n\f\v";
    const auto first = text.find_first_not_of(kBlanks);
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(kBlanks);
    return text.substr(first, last - first + 1);
}

std::uint64_t parse_size(std::string_view text, unsigned kb_base) {
    if (kb_base != 1000 && kb_base != 1024) {
        throw ValueError(fmt::format("kb_base must be 1000 or 1024, not {}", kb_base));
    }
    const Context ctx{text, "a size"};
    std::string_view rest = unsigned_body(ctx);

    // Hex digits include b and e, so "0x1b" could not tell a digit from a unit: a
    // hexadecimal size is plain bytes.
    if (has_hex_prefix(rest)) {
        const std::uint64_t bytes = read_hex(rest, ctx);
        if (!rest.empty()) {
            ctx.fail(fmt::format("unexpected '{}' (a hexadecimal size takes no unit)", rest));
        }
        return bytes;
    }
    const Decimal number = read_decimal(rest, ctx);
    return scale(number, size_multiplier(rest, kb_base, ctx), ctx);
}

std::uint64_t nanoseconds_per(TimeUnit unit) noexcept {
    switch (unit) {
        case TimeUnit::ns: return 1;
        case TimeUnit::us: return 1'000;
        case TimeUnit::ms: return 1'000'000;
        case TimeUnit::s: return 1'000'000'000;
    }
    return 1'000'000'000;
}

std::uint64_t parse_time_ns(std::string_view text, TimeUnit default_unit) {
    const Context ctx{text, "a time"};
    std::string_view rest = unsigned_body(ctx);
    const Decimal number = read_decimal(rest, ctx);
    if (rest.empty()) return scale(number, nanoseconds_per(default_unit), ctx);
    for (const auto& suffix : kTimeSuffixes) {
        if (equals_ignoring_case(rest, suffix.name)) return scale(number, suffix.nanoseconds, ctx);
    }
    ctx.fail(fmt::format("unknown unit '{}' (expected ns, us, ms, s, m, h or d)", rest));
}

bool parse_bool(std::string_view text) {
    const std::string_view s = trim_blanks(text);
    for (std::string_view yes : {"1", "true", "yes", "on"}) {
        if (equals_ignoring_case(s, yes)) return true;
    }
    for (std::string_view no : {"0", "false", "no", "off"}) {
        if (equals_ignoring_case(s, no)) return false;
    }
    Context{text, "a boolean"}.fail("expected 0/1, true/false, yes/no or on/off");
}

double parse_percentage(std::string_view text) {
    const Context ctx{text, "a percentage"};
    std::string_view rest = unsigned_body(ctx);
    if (rest.back() == '%') rest.remove_suffix(1);
    const std::string_view digits = rest;
    read_decimal(rest, ctx);  // validates the grammar; from_chars below rounds exactly
    if (!rest.empty()) ctx.fail(fmt::format("unexpected '{}'", rest));

    double value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (value > 100.0) ctx.fail("it must be between 0 and 100");
    return value;
}

std::int64_t parse_integer(std::string_view text) {
    const Context ctx{text, "an integer"};
    std::string_view rest = trim_blanks(text);
    if (rest.empty()) ctx.fail("the value is empty");
    const bool negative = rest.front() == '-';
    if (negative || rest.front() == '+') rest.remove_prefix(1);

    std::uint64_t magnitude = 0;
    if (has_hex_prefix(rest)) {
        magnitude = read_hex(rest, ctx);
    } else {
        // Leading zeros are decimal, as in fio: "010" is ten, not eight.
        if (rest.empty() || !is_digit(rest.front())) ctx.fail("expected a number");
        const auto [end, error] =
            std::from_chars(rest.data(), rest.data() + rest.size(), magnitude, 10);
        if (error == std::errc::result_out_of_range) ctx.fail("the number is too large");
        rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
    }
    if (!rest.empty()) ctx.fail(fmt::format("unexpected '{}'", rest));

    constexpr std::uint64_t kMaxPositive = std::numeric_limits<std::int64_t>::max();
    if (negative) {
        if (magnitude > kMaxPositive + 1) ctx.fail("it is below -2^63");
        return static_cast<std::int64_t>(0 - magnitude);  // two's complement, exact for -2^63
    }
    if (magnitude > kMaxPositive) ctx.fail("it is above 2^63-1");
    return static_cast<std::int64_t>(magnitude);
}

}  // namespace fio::core
