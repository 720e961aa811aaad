#include "options/list_parser.hpp"

#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace fio::core {

std::vector<std::string_view> split_list(std::string_view text, char separator) {
    std::vector<std::string_view> items;
    while (true) {
        const auto at = text.find(separator);
        items.push_back(text.substr(0, at));
        if (at == std::string_view::npos) return items;
        text.remove_prefix(at + 1);
    }
}

std::vector<std::string> split_filename_list(std::string_view text) {
    std::vector<std::string> names;
    std::string current;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == ':') {
            current += ':';
            ++i;
        } else if (text[i] == ':') {
            if (!current.empty()) names.push_back(std::move(current));
            current.clear();
        } else {
            current += text[i];
        }
    }
    if (!current.empty()) names.push_back(std::move(current));
    return names;
}

std::vector<double> parse_float_list(std::string_view text) {
    std::vector<double> values;
    for (const std::string_view item : split_list(text, ':')) {
        std::string_view number = trim_blanks(item);
        if (number.empty()) {
            throw ValueError(fmt::format("'{}' is not a list of numbers: it has an empty entry",
                                         text));
        }
        if (number.front() == '+') number.remove_prefix(1);
        double value = 0;
        const char* const end = number.data() + number.size();
        const auto [stop, error] = std::from_chars(number.data(), end, value);
        if (error != std::errc() || stop != end || !std::isfinite(value)) {
            throw ValueError(fmt::format("'{}' is not a list of numbers: '{}' is not a number",
                                         text, trim_blanks(item)));
        }
        values.push_back(value);
    }
    return values;
}

std::vector<double> parse_percentile_list(std::string_view text) {
    std::vector<double> percentiles = parse_float_list(text);
    if (percentiles.size() > kMaxPercentiles) {
        throw ValueError(fmt::format("'{}' lists {} percentiles; at most {} are allowed", text,
                                     percentiles.size(), kMaxPercentiles));
    }
    for (const double percentile : percentiles) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw ValueError(fmt::format(
                "'{}' is not a percentile list: {} is outside (0,100]", text, percentile));
        }
    }
    std::sort(percentiles.begin(), percentiles.end());
    return percentiles;
}

}  // namespace fio::core
