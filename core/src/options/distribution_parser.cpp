#include "options/distribution_parser.hpp"

#include "options/expression.hpp"
#include "options/list_parser.hpp"
#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <optional>
#include <string>

namespace fio::core {
namespace {

double parse_number(std::string_view text, std::string_view what) {
    const std::string_view trimmed = trim_blanks(text);
    double value = 0;
    const auto [end, error] =
        std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), value);
    if (trimmed.empty() || error != std::errc{} || end != trimmed.data() + trimmed.size() ||
        !std::isfinite(value)) {
        throw ValueError(fmt::format("'{}' is not a number ({})", text, what));
    }
    return value;
}

}  // namespace

DistributionSpec parse_shaped_distribution(OffsetDistribution kind, std::string_view name,
                                           std::string_view rest) {
    DistributionSpec spec;
    spec.kind = kind;
    const std::vector<std::string_view> parts = split_list(rest, ':');
    if (rest.empty() || parts.size() > 2) {
        throw ValueError(fmt::format("{} takes {}:VALUE[:CENTER]", name, name));
    }
    spec.parameter = parse_number(parts[0], fmt::format("the {} value", name));
    if (parts.size() == 2) {
        spec.center = parse_number(parts[1], "the center");
        if (spec.center < 0 || spec.center > 1) {
            throw ValueError(fmt::format("the center {} is not between 0 and 1", spec.center));
        }
    }
    switch (kind) {
        case OffsetDistribution::zipf:
            if (spec.parameter <= 0 || spec.parameter == 1) {
                throw ValueError(fmt::format("zipf theta {} must be above 0 and not 1",
                                             spec.parameter));
            }
            break;
        case OffsetDistribution::pareto:
            if (spec.parameter <= 0 || spec.parameter >= 1) {
                throw ValueError(fmt::format("pareto power {} must be between 0 and 1 "
                                             "(exclusive)", spec.parameter));
            }
            break;
        default:
            if (spec.parameter < 0 || spec.parameter >= 100) {
                throw ValueError(fmt::format("normal deviation {} must be from 0 to below 100",
                                             spec.parameter));
            }
            break;
    }
    return spec;
}

namespace {

DistributionSpec parse_zoned(OffsetDistribution kind, std::string_view name,
                             std::string_view rest, unsigned kb_base) {
    DistributionSpec spec;
    spec.kind = kind;
    if (rest.find(',') != std::string_view::npos) {
        throw ValueError(fmt::format(
            "per-direction zones (separated by ',') are not supported, as in stock fio 3.33"));
    }
    std::vector<std::string_view> items = split_list(rest, ':');
    if (items.size() > 1 && trim_blanks(items.back()).empty()) items.pop_back();
    if (rest.empty() || items.size() > kMaxAccessZones) {
        throw ValueError(fmt::format("{} takes 1 to {} ACCESS/SIZE zones separated by ':'", name,
                                     kMaxAccessZones));
    }
    double access_total = 0;
    double size_total = 0;
    std::size_t blanks = 0;
    for (const std::string_view item : items) {
        const std::size_t slash = item.find('/');
        if (slash == std::string_view::npos) {
            throw ValueError(fmt::format("zone '{}' is not ACCESS/SIZE", item));
        }
        AccessZone zone;
        zone.access_percent = parse_percentage(item.substr(0, slash));
        const std::string_view size = trim_blanks(item.substr(slash + 1));
        if (kind == OffsetDistribution::zoned_abs) {
            if (size.empty()) throw ValueError(fmt::format("zone '{}' has no size", item));
            zone.size_bytes = parse_size_or_expression(size, kb_base);
            if (zone.size_bytes == 0) throw ValueError(fmt::format("zone '{}' has no size", item));
        } else if (size.empty()) {
            zone.size_percent = -1;  // blank: filled in below
            ++blanks;
        } else {
            zone.size_percent = parse_percentage(size);
            size_total += zone.size_percent;
        }
        access_total += zone.access_percent;
        spec.zones.push_back(zone);
    }
    if (std::abs(access_total - 100) > 1e-9) {
        throw ValueError(fmt::format("the access percentages add up to {}, not 100", access_total));
    }
    if (size_total > 100 + 1e-9) {
        throw ValueError(fmt::format("the zone sizes add up to {}%, more than 100", size_total));
    }
    for (AccessZone& zone : spec.zones) {
        if (zone.size_percent < 0) zone.size_percent = (100 - size_total) / static_cast<double>(blanks);
    }
    return spec;
}

}  // namespace

DistributionSpec parse_random_distribution(std::string_view text, unsigned kb_base) {
    const std::string_view trimmed = trim_blanks(text);
    const std::size_t colon = trimmed.find(':');
    const std::string_view name = trimmed.substr(0, colon);
    const std::string_view rest =
        colon == std::string_view::npos ? std::string_view{} : trimmed.substr(colon + 1);
    try {
        if (name == "random") {
            if (colon != std::string_view::npos) throw ValueError("random takes no value");
            return {};
        }
        const auto shaped = [&](OffsetDistribution kind) {
            return parse_shaped_distribution(kind, name, rest);
        };
        if (name == "zipf") return shaped(OffsetDistribution::zipf);
        if (name == "pareto") return shaped(OffsetDistribution::pareto);
        if (name == "normal") return shaped(OffsetDistribution::normal);
        if (name == "zoned") return parse_zoned(OffsetDistribution::zoned, name, rest, kb_base);
        if (name == "zoned_abs") {
            return parse_zoned(OffsetDistribution::zoned_abs, name, rest, kb_base);
        }
    } catch (const ValueError& error) {
        throw ValueError(fmt::format("'{}': {}", text, error.what()));
    }
    throw ValueError(fmt::format(
        "'{}' is not one of: random, zipf:THETA, pareto:H, normal:DEV, zoned:..., zoned_abs:...",
        text));
}

}  // namespace fio::core
