// Zoned I/O settings of a job (zonemode and its zone options), as fio reads them.
#pragma once

#include <cstdint>

namespace fio::core {

enum class ZoneMode { none, strided };

struct ZoneSpec {
    ZoneMode mode = ZoneMode::none;
    std::uint64_t size = 0;   // zonesize: bytes of I/O done in a zone before the next one
    std::uint64_t range = 0;  // zonerange: size of a zone; 0: the same as zonesize
    std::uint64_t skip = 0;   // zoneskip: bytes left out after each zone

    // The size of one zone as the walk uses it (zonerange defaults to zonesize).
    std::uint64_t zone_range() const noexcept { return range ? range : size; }

    bool operator==(const ZoneSpec&) const = default;
};

}  // namespace fio::core
