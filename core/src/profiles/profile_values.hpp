// Reading a profile option's value: the same number, size and time grammar as job
// options, each failure one ProfileError line naming the option.
#pragma once

#include "profiles/profile.hpp"

#include <cstdint>
#include <string>

namespace fio::core {

// A whole number from `min` up (sizes with k/m/g suffixes allowed, as stock's integer
// options take them); `fallback` when the option is not given.
std::uint64_t profile_number(const ProfileValues& values, const std::string& name,
                             std::uint64_t fallback, std::uint64_t min);

// A time in whole seconds (a bare number is seconds), at least one second.
std::uint64_t profile_seconds(const ProfileValues& values, const std::string& name,
                              std::uint64_t fallback);

// A flag: given bare, or with a true/false value.
bool profile_flag(const ProfileValues& values, const std::string& name);

}  // namespace fio::core
