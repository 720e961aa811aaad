// Zoned I/O settings of a job (zonemode and its zone options), as fio reads them.
// zonemode=zbd's zone state lives in workload/zbd_zones.hpp.
#pragma once

#include <cstdint>

namespace fio::core {

enum class ZoneMode { none, strided, zbd };

struct ZoneSpec {
    ZoneMode mode = ZoneMode::none;
    std::uint64_t size = 0;   // zonesize: bytes of I/O done in a zone before the next one
    std::uint64_t range = 0;  // zonerange: size of a zone; 0: the same as zonesize
    std::uint64_t skip = 0;   // zoneskip: bytes left out after each zone
    // zonemode=zbd (zones emulated on a regular file or block device):
    std::uint64_t capacity = 0;            // zonecapacity; 0: the zone size
    bool read_beyond_wp = false;           // reads may go past the write pointers
    std::uint32_t max_open_zones = 0;      // zones written at once; 0: no limit
    std::uint32_t job_max_open_zones = 0;  // the same, per job thread
    bool ignore_zone_limits = false;       // only real zoned devices report limits
    double reset_threshold = 0;            // zone_reset_threshold: share of the region
                                           // with data above which zones get reset
    double reset_frequency = 0;            // zone_reset_frequency: 0 (off) .. 1

    // The size of one zone as the walk uses it (zonerange defaults to zonesize).
    std::uint64_t zone_range() const noexcept { return range ? range : size; }

    bool operator==(const ZoneSpec&) const = default;
};

}  // namespace fio::core
