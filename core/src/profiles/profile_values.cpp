#include "profiles/profile_values.hpp"

#include "options/value_parsers.hpp"

#include <fmt/format.h>

namespace fio::core {

std::uint64_t profile_number(const ProfileValues& values, const std::string& name,
                             std::uint64_t fallback, std::uint64_t min) {
    const auto found = values.find(name);
    if (found == values.end()) return fallback;
    std::uint64_t number = 0;
    try {
        number = parse_size(found->second);
    } catch (const ValueError& e) {
        throw ProfileError(fmt::format("--{}: {}", name, e.what()));
    }
    if (number < min) throw ProfileError(fmt::format("--{}: {} is below the least value, {}", name, number, min));
    return number;
}

std::uint64_t profile_seconds(const ProfileValues& values, const std::string& name,
                              std::uint64_t fallback) {
    const auto found = values.find(name);
    if (found == values.end()) return fallback;
    std::uint64_t seconds = 0;
    try {
        seconds = parse_time_ns(found->second, TimeUnit::s) / nanoseconds_per(TimeUnit::s);
    } catch (const ValueError& e) {
        throw ProfileError(fmt::format("--{}: {}", name, e.what()));
    }
    if (seconds == 0) throw ProfileError(fmt::format("--{}: '{}' is shorter than a second", name, found->second));
    return seconds;
}

bool profile_flag(const ProfileValues& values, const std::string& name) {
    const auto found = values.find(name);
    if (found == values.end()) return false;
    if (found->second.empty()) return true;
    try {
        return parse_bool(found->second);
    } catch (const ValueError& e) {
        throw ProfileError(fmt::format("--{}: {}", name, e.what()));
    }
}

}  // namespace fio::core
