// The shape of a job's workload beyond one block size and a uniform random offset:
// variable block sizes (bsrange, bssplit, bs_unaligned, bs_is_seq_rand), where random
// offsets fall (blockalign, random_distribution, random_generator) and how rw='s ":N"
// modifier and the start offsets move each I/O (rw_sequencer, offset_increment, ...).
// Filled by options/shape_options.cpp; read by the workload generators.
#pragma once

#include "options/bssplit_parser.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace fio::core {

// random_distribution=
enum class OffsetDistribution { uniform, zipf, pareto, normal, zoned, zoned_abs };

// One zone of zoned/zoned_abs: this share of the random I/Os falls in it.
struct AccessZone {
    double access_percent = 0;
    double size_percent = 0;     // zoned: of the job's region
    std::uint64_t size_bytes = 0;  // zoned_abs

    bool operator==(const AccessZone&) const = default;
};

struct DistributionSpec {
    OffsetDistribution kind = OffsetDistribution::uniform;
    double parameter = 0;   // zipf theta, pareto power, normal deviation (percent)
    double center = -1;     // 0..1: where the hottest block sits; < 0: not given
    std::vector<AccessZone> zones;  // zoned, zoned_abs (in order, from offset 0)

    bool operator==(const DistributionSpec&) const = default;
};

// random_generator=: tausworthe and tausworthe64 are uniform generators (ours is
// xoshiro256** either way); lfsr visits each block once per pass without a map.
enum class OffsetGeneratorKind { tausworthe, lfsr, tausworthe64 };

// rw_sequencer=
enum class RwSequencer { sequential, identical };

struct ShapeSpec {
    std::array<std::uint64_t, 3> max_block_size{};  // bsrange's upper end; 0: fixed bs
    std::array<BlockSizeSplit, 3> bssplit;          // empty: not given
    std::array<std::uint64_t, 3> block_align{};     // blockalign; 0: not given
    bool bs_unaligned = false;
    bool bs_is_seq_rand = false;
    DistributionSpec distribution;
    OffsetGeneratorKind generator = OffsetGeneratorKind::tausworthe;

    // rw=PATTERN:N. Sequential patterns: bytes added after each I/O (negative: the
    // walk goes backwards). Random patterns: I/Os per new random offset.
    std::int64_t rw_modifier = 0;
    bool has_rw_modifier = false;
    RwSequencer sequencer = RwSequencer::sequential;
    // percentage_random=, per direction: the share of a random pattern's I/Os that take
    // a random offset; the others follow on from the I/O before.
    std::array<std::uint8_t, 3> random_share{100, 100, 100};

    double offset_percent = -1;        // offset=N%; < 0: offset is in bytes
    std::uint64_t offset_align = 0;    // rounds a percentage offset up; 0: smallest bs
    std::uint64_t offset_increment = 0;  // added per clone (times the clone number)
    double offset_increment_percent = -1;  // offset_increment=N%; < 0: in bytes

    bool operator==(const ShapeSpec&) const = default;
};

}  // namespace fio::core
