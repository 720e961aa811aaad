// zonemode=strided: I/O stays in one zone until zonesize bytes were done there, then
// moves zonerange + zoneskip further on, wrapping to the start offset once a zone
// would begin at or past the end of the file. Within a zone:
//  - sequential I/O walks the zone and starts over at its beginning when it reaches
//    the end of the zone (so zonesize > zonerange reads a zone several times);
//  - random I/O picks blocks of the zone, each once per zonerange bytes done (the
//    random map starts over then), or independently with norandommap; with
//    random_generator=lfsr it walks a fresh order of the zone's blocks every zonerange
//    bytes, each block once per walk (stock resets its LFSR there with a new seed).
// A sequential walk is over when the next I/O would cross the end of the file: as in
// fio, that ends the pass (and the loop, unless io_size asks for more).
#pragma once

#include "jobs/zone_spec.hpp"
#include "workload/block_picker.hpp"
#include "workload/random_map.hpp"
#include "workload/rng.hpp"

#include <cstdint>
#include <optional>

namespace fio::core {

// How random I/O chooses among a zone's blocks.
enum class ZoneBlockOrder : std::uint8_t {
    random_map,   // each block once per zonerange, by the random map (the default)
    lfsr_walk,    // each block once per zonerange, in a walked order (random_generator=lfsr)
    independent,  // each I/O draws any block (norandommap)
};

class StridedZoneWalker {
public:
    // `start`: where the first zone begins (the job's offset); `file_end`: the size of
    // the file; `block_size`: the unit random offsets are aligned to; `order`: how a
    // random walk chooses blocks (unused by sequential ones).
    StridedZoneWalker(const ZoneSpec& zones, std::uint64_t start, std::uint64_t file_end,
                      std::uint64_t block_size, bool random, ZoneBlockOrder order,
                      std::uint64_t seed);

    // The absolute offset of the next I/O of `length` bytes; false when a sequential
    // walk reached the end of the file.
    bool next(std::uint64_t length, std::uint64_t& offset) noexcept;

    // Back to the first zone, as at the start of a new loop.
    void restart() noexcept;

private:
    // The next zone, or the first one again when the next would start past the end.
    void move_to_next_zone() noexcept;
    bool next_random(std::uint64_t& offset) noexcept;
    // lfsr: the next block of the walk over `blocks`, starting a new walk in a new
    // order whenever `fresh` is set or the last one has visited every block.
    std::uint64_t next_walked(std::uint64_t blocks, bool fresh) noexcept;

    std::uint64_t zone_size_;
    std::uint64_t zone_range_;
    std::uint64_t zone_step_;     // zonerange + zoneskip
    std::uint64_t start_;
    std::uint64_t file_end_;
    std::uint64_t block_size_;
    bool random_;
    std::uint64_t zone_start_;
    std::uint64_t zone_bytes_ = 0;  // done in the current zone
    std::uint64_t position_;        // next sequential offset
    Rng rng_;
    ZoneBlockOrder order_;
    std::optional<RandomMap> map_;  // one bit per block of a zone
    BitPermutation walk_{1, 0};     // lfsr: the order of the current walk
    std::uint64_t walk_step_ = 0;   // lfsr: values of the walk taken so far
    std::uint64_t walk_blocks_ = 0; // lfsr: the blocks the current walk covers
};

}  // namespace fio::core
