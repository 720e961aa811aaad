#include "options/per_direction.hpp"

#include "options/list_parser.hpp"
#include "options/value_parsers.hpp"

#include <fmt/format.h>

namespace fio::core {

PerDirection<std::string_view> split_per_direction(std::string_view text) {
    const std::vector<std::string_view> parts = split_list(text, ',');
    if (parts.size() > kDirectionNames.size()) {
        throw ValueError(fmt::format(
            "'{}' has {} comma-separated values; at most 3 (read,write,trim) are allowed",
            text, parts.size()));
    }
    PerDirection<std::string_view> values;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string_view part = trim_blanks(parts[i]);
        if (!part.empty()) values[i] = part;
    }
    // A last value not followed by a comma carries on to the remaining directions.
    for (std::size_t i = parts.size(); i < values.size(); ++i) values[i] = values[parts.size() - 1];

    if (!values[0] && !values[1] && !values[2]) {
        throw ValueError(fmt::format("'{}' gives no value (expected READ[,WRITE[,TRIM]])", text));
    }
    return values;
}

}  // namespace fio::core
