// Zoned I/O options (fio manual: "Files and devices", zonemode and friends).
// zonemode=strided is implemented; zonemode=zbd (zoned block devices, or zones
// emulated on regular files) is refused by name until it is.
#include "options/option_tables.hpp"
#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <array>

namespace fio::core {
namespace {

using sdk::kNoMax;
using sdk::OptionType;

constexpr const char* kFiles = "Files and devices";

const std::array kZoneOptions = {
    CoreOption{{"zonemode", nullptr, OptionType::choice, "none", 0, 0, "none,strided,zbd",
                "How zonesize, zonerange and zoneskip apply: none, strided (zbd is refused: "
                "zoned block devices are not implemented yet)",
                kFiles, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   if (v.text == "zbd") {
                       throw ValueError(
                           "'zbd' is not supported yet: zoned block devices (and zones "
                           "emulated on regular files) are not implemented");
                   }
                   j.zones.mode = v.text == "strided" ? ZoneMode::strided : ZoneMode::none;
               }},
    CoreOption{{"zonesize", nullptr, OptionType::size, "0", 0, kNoMax, nullptr,
                "Bytes of I/O done in a zone before moving to the next (zonemode=strided)",
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
                "Bytes skipped after each zone in zonemode=strided", kFiles, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.zones.skip = static_cast<std::uint64_t>(v.integer);
               }},
};

}  // namespace

std::span<const CoreOption> zone_options() { return kZoneOptions; }

}  // namespace fio::core
