#include "options/range_parser.hpp"

#include "options/expression.hpp"

#include <fmt/format.h>

#include <utility>

namespace fio::core {
namespace {

// Where a range's two ends meet, outside any parenthesised expression, or npos.
std::size_t separator_of(std::string_view range) {
    return find_outside_parentheses(range, "-:");
}

// Parses "MIN-MAX" / "MIN:MAX" (or, when `single_allowed`, one value) with `parse_end`
// and returns the ends in order. `kind` names the value in messages: "a size range".
template <typename ParseEnd>
std::pair<std::uint64_t, std::uint64_t> parse_range(std::string_view text, std::string_view kind,
                                                    bool single_allowed, ParseEnd parse_end) {
    const auto fail = [&](std::string_view reason) {
        throw ValueError(fmt::format("'{}' is not {}: {}", text, kind, reason));
    };
    const std::string_view range = trim_blanks(text);
    if (range.empty()) fail("the value is empty");
    const std::size_t separator = separator_of(range);
    if (separator == std::string_view::npos && !single_allowed) {
        fail("expected MIN-MAX or MIN:MAX (for example 4k-64k)");
    }
    const std::string_view low = trim_blanks(range.substr(0, separator));
    const std::string_view high =
        separator == std::string_view::npos ? low : trim_blanks(range.substr(separator + 1));
    if (low.empty()) fail("the lower end is missing");
    if (high.empty()) fail("the upper end is missing");
    // "4096-8192-4096" would otherwise read as 4096 to (8192-4096).
    if (separator != std::string_view::npos && separator_of(high) != std::string_view::npos) {
        fail("expected one '-' or ':' between MIN and MAX");
    }

    std::uint64_t min = 0;
    std::uint64_t max = 0;
    try {
        min = parse_end(low);
        max = parse_end(high);
    } catch (const ValueError& error) {
        fail(error.what());
    }
    // HOWTO: "If the lower value specified happens to be larger than the upper value
    // the two values are swapped."
    if (min > max) std::swap(min, max);
    return {min, max};
}

}  // namespace

SizeRange parse_size_range(std::string_view text, unsigned kb_base) {
    const auto [min, max] = parse_range(text, "a size range", true, [&](std::string_view end) {
        return parse_size_or_expression(end, kb_base);
    });
    return {min, max};
}

TimeRange parse_time_range(std::string_view text, TimeUnit default_unit) {
    const auto [min, max] = parse_range(text, "a time range", true, [&](std::string_view end) {
        return parse_time_or_expression(end, default_unit);
    });
    return {min, max};
}

PerDirection<SizeRange> parse_size_ranges(std::string_view text, unsigned kb_base) {
    return parse_per_direction<SizeRange>(text, [&](std::string_view part) {
        const auto [min, max] = parse_range(part, "a size range", false, [&](std::string_view end) {
            return parse_size_or_expression(end, kb_base);
        });
        return SizeRange{min, max};
    });
}

PerDirection<std::uint64_t> parse_per_direction_sizes(std::string_view text, unsigned kb_base) {
    return parse_per_direction<std::uint64_t>(text, [&](std::string_view part) {
        if (separator_of(part) != std::string_view::npos) {
            throw ValueError(fmt::format(
                "'{}' is not a size: ':' and '-' do not separate values here (stock fio "
                "would read '1k-2k' as read 1k, write 2k); separate directions with ',', and "
                "give a MIN-MAX range to a range option such as bsrange",
                part));
        }
        return parse_size_or_expression(part, kb_base);
    });
}

}  // namespace fio::core
