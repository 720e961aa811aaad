#include "options/option_value.hpp"

#include "options/expression.hpp"
#include "options/value_parsers.hpp"

#include <fmt/format.h>

namespace fio::core {
namespace {

TimeUnit time_unit_of(const sdk::OptionSpec& spec) {
    const std::string_view unit = spec.unit ? spec.unit : "s";
    if (unit == "ns") return TimeUnit::ns;
    if (unit == "us") return TimeUnit::us;
    if (unit == "ms") return TimeUnit::ms;
    return TimeUnit::s;
}

// Calls `each` with every comma-separated item of `list`.
template <typename Each>
void for_each_item(std::string_view list, Each each) {
    while (true) {
        const auto comma = list.find(',');
        each(list.substr(0, comma));
        if (comma == std::string_view::npos) return;
        list.remove_prefix(comma + 1);
    }
}

void check_range(const sdk::OptionSpec& spec, std::string_view text, std::int64_t value) {
    if (value < spec.min || value > spec.max) {
        const std::string low = spec.min == sdk::kNoMin ? "" : fmt::format("{}", spec.min);
        const std::string high = spec.max == sdk::kNoMax ? "" : fmt::format("{}", spec.max);
        throw ValueError(fmt::format("'{}' is out of range [{}, {}]", text, low, high));
    }
}

}  // namespace

bool option_matches(const sdk::OptionSpec& spec, std::string_view name) {
    if (name == spec.name) return true;
    bool found = false;
    if (spec.aliases) {
        for_each_item(spec.aliases, [&](std::string_view alias) { found |= alias == name; });
    }
    return found;
}

OptionValue parse_option_value(const sdk::OptionSpec& spec, std::string_view text,
                               unsigned kb_base) {
    OptionValue value;
    value.text = std::string(text);
    switch (spec.type) {
        case sdk::OptionType::boolean:
            value.boolean = text.empty() ? true : parse_bool(text);
            value.integer = value.boolean ? 1 : 0;
            return value;
        case sdk::OptionType::integer:
            value.integer = parse_integer_or_expression(text);
            break;
        case sdk::OptionType::size: {
            const std::uint64_t bytes = parse_size_or_expression(text, kb_base);
            if (bytes > static_cast<std::uint64_t>(sdk::kNoMax)) {
                throw ValueError(fmt::format("'{}' is too large", text));
            }
            value.integer = static_cast<std::int64_t>(bytes);
            break;
        }
        case sdk::OptionType::time: {
            const std::uint64_t ns = parse_time_or_expression(text, time_unit_of(spec));
            if (ns > static_cast<std::uint64_t>(sdk::kNoMax)) {
                throw ValueError(fmt::format("'{}' is too long", text));
            }
            value.integer = static_cast<std::int64_t>(ns);
            break;
        }
        case sdk::OptionType::percentage:
            value.integer = static_cast<std::int64_t>(parse_percentage_or_expression(text));
            break;
        case sdk::OptionType::choice: {
            std::int64_t index = 0;
            bool found = false;
            for_each_item(spec.choices ? spec.choices : "", [&](std::string_view choice) {
                if (!found && choice == text) {
                    found = true;
                    value.integer = index;
                }
                ++index;
            });
            if (!found) {
                throw ValueError(fmt::format("'{}' is not one of: {}", text,
                                             spec.choices ? spec.choices : ""));
            }
            return value;
        }
        case sdk::OptionType::string:
            // An empty default marks an option that may be given bare (write_bw_log).
            if (text.empty() && !(spec.default_value && *spec.default_value == '\0')) {
                throw ValueError("a value is required");
            }
            return value;
    }
    check_range(spec, text, value.integer);
    return value;
}

}  // namespace fio::core
