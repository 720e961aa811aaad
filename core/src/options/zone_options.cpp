// Zoned I/O options (fio manual: "Files and devices", zonemode and friends).
// zonemode=strided and zonemode=zbd (zones emulated on a regular file or a non-zoned
// block device, as fio does) are implemented; real zoned block devices are refused
// when the run starts (run/zbd_setup.cpp).
#include "options/option_tables.hpp"
#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <string>

namespace fio::core {
namespace {

using sdk::kNoMax;
using sdk::OptionType;

constexpr const char* kFiles = "Files and devices";

// zone_reset_threshold and zone_reset_frequency: a fraction from 0 to 1. (fio reads a
// ':'-separated list for them but uses only the first value.)
double fraction(const OptionValue& v) {
    const std::string first = v.text.substr(0, v.text.find(':'));
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(first.c_str(), &end);
    if (first.empty() || end != first.c_str() + first.size() || errno != 0) {
        throw ValueError(fmt::format("'{}' is not a floating point value", v.text));
    }
    if (value < 0 || value > 1) {
        throw ValueError(fmt::format("{} is out of range: it must be between 0 and 1", first));
    }
    return value;
}

const std::array kZoneOptions = {
    CoreOption{{"zonemode", nullptr, OptionType::choice, "none", 0, 0, "none,strided,zbd",
                "How zonesize, zonerange and zoneskip apply: none, strided, or zbd "
                "(sequential-write zones emulated on a regular file or non-zoned device)",
                kFiles, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.zones.mode = v.text == "strided" ? ZoneMode::strided
                                  : v.text == "zbd"   ? ZoneMode::zbd
                                                      : ZoneMode::none;
               }},
    CoreOption{{"zonesize", nullptr, OptionType::size, "0", 0, kNoMax, nullptr,
                "Bytes of I/O done in a zone before moving to the next (zonemode=strided); "
                "the size of a zone (zonemode=zbd)",
                kFiles, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.zones.size = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"zonerange", nullptr, OptionType::size, "0", 0, kNoMax, nullptr,
                "Size of one zone (default: zonesize); I/O repeats within it when zonesize "
                "is larger",
                kFiles, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.zones.range = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"zoneskip", nullptr, OptionType::size, "0", 0, kNoMax, nullptr,
                "Bytes skipped after each zone in zonemode=strided (and by sequential writes "
                "in zonemode=zbd: a multiple of zonesize)",
                kFiles, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.zones.skip = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"zonecapacity", nullptr, OptionType::size, "0", 0, kNoMax, nullptr,
                "Usable part of each zone in zbd mode (default: the zone size)", kFiles,
                nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.zones.capacity = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"read_beyond_wp", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Allow reads past a zone's write pointer in zbd mode", kFiles, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.zones.read_beyond_wp = v.boolean; }},
    CoreOption{{"max_open_zones", nullptr, OptionType::integer, "0", 0, 4096, nullptr,
                "Most sequential-write zones open (written) at once in zbd mode; 0: no limit",
                kFiles, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.zones.max_open_zones = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"job_max_open_zones", nullptr, OptionType::integer, "0", 0, 4096, nullptr,
                "Most sequential-write zones one job thread keeps open in zbd mode "
                "(needs max_open_zones)",
                kFiles, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.zones.job_max_open_zones = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"ignore_zone_limits", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Disregard the open zone limit a zoned device reports (emulated zones "
                "report none, so it changes nothing there)",
                kFiles, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.zones.ignore_zone_limits = v.boolean; }},
    CoreOption{{"zone_reset_threshold", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Share (0 to 1) of the job's region holding data above which zbd writes "
                "reset zones (see zone_reset_frequency)",
                kFiles, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.zones.reset_threshold = fraction(v); }},
    CoreOption{{"zone_reset_frequency", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Past zone_reset_threshold, reset the zone written once every "
                "1/zone_reset_frequency writes (0: never)",
                kFiles, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.zones.reset_frequency = fraction(v); }},
};

}  // namespace

std::span<const CoreOption> zone_options() { return kZoneOptions; }

}  // namespace fio::core
