#include "options/file_service_parser.hpp"

#include "options/distribution_parser.hpp"
#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <limits>

namespace fio::core {
namespace {

// As stock fio's defaults for a type given without a value.
constexpr double kDefaultZipfTheta = 1.1;
constexpr double kDefaultParetoPower = 0.2;

std::uint32_t parse_ios_per_choice(std::string_view name, std::string_view count) {
    std::int64_t value = -1;
    try {
        value = parse_integer(count);
    } catch (const ValueError&) {
        value = -1;
    }
    if (value < 0 || value > std::numeric_limits<std::uint32_t>::max()) {
        throw ValueError(fmt::format("{}:N takes a whole number of I/Os, not '{}'", name, count));
    }
    return static_cast<std::uint32_t>(value);
}

FileServiceSpec parse_distributed(FileService kind, OffsetDistribution distribution,
                                  std::string_view name, std::string_view rest, bool has_rest) {
    FileServiceSpec spec;
    spec.kind = kind;
    if (has_rest) {
        spec.distribution = parse_shaped_distribution(distribution, name, rest);
    } else {
        spec.distribution.kind = distribution;
        if (kind == FileService::zipf) spec.distribution.parameter = kDefaultZipfTheta;
        if (kind == FileService::pareto) spec.distribution.parameter = kDefaultParetoPower;
    }
    return spec;
}

}  // namespace

FileServiceSpec parse_file_service_type(std::string_view text) {
    const std::string_view trimmed = trim_blanks(text);
    const std::size_t colon = trimmed.find(':');
    const bool has_rest = colon != std::string_view::npos;
    const std::string_view name = trimmed.substr(0, colon);
    const std::string_view rest = has_rest ? trimmed.substr(colon + 1) : std::string_view{};
    try {
        FileServiceSpec spec;
        if (name == "roundrobin" || name == "random" || name == "sequential") {
            spec.kind = name == "roundrobin" ? FileService::roundrobin
                        : name == "random"   ? FileService::random
                                             : FileService::sequential;
            const std::uint32_t count = has_rest ? parse_ios_per_choice(name, rest) : 1;
            spec.ios_per_choice = spec.kind == FileService::sequential ? 0 : count;
            return spec;
        }
        if (name == "zipf") {
            return parse_distributed(FileService::zipf, OffsetDistribution::zipf, name, rest,
                                     has_rest);
        }
        if (name == "pareto") {
            return parse_distributed(FileService::pareto, OffsetDistribution::pareto, name, rest,
                                     has_rest);
        }
        if (name == "normal" || name == "gauss") {
            return parse_distributed(FileService::normal, OffsetDistribution::normal, name, rest,
                                     has_rest);
        }
    } catch (const ValueError& error) {
        throw ValueError(fmt::format("'{}': {}", text, error.what()));
    }
    throw ValueError(fmt::format(
        "'{}' is not one of: roundrobin[:N], random[:N], sequential, zipf[:THETA], pareto[:H], "
        "normal[:DEV] (or gauss)",
        text));
}

}  // namespace fio::core
