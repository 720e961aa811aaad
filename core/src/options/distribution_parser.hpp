// random_distribution=: where random offsets fall (meanings in workload/block_picker.hpp).
//
//   random                     uniform (the default)
//   zipf:THETA[:CENTER]        THETA > 0 and not 1
//   pareto:H[:CENTER]          0 < H < 1
//   normal:DEV[:CENTER]        0 <= DEV < 100, the deviation in percent of the region
//   zoned:A/S[:A/S...]         A percent of the random I/Os fall in the next S percent
//                              of the region; a blank S shares what the others leave
//   zoned_abs:A/SIZE[:A/SIZE...]  the same with sizes in bytes (units allowed)
// CENTER is 0 to 1. Zones: at most 256; the A's must add up to exactly 100, the S's
// to at most 100 (zones need not cover the region: the rest gets no random I/O).
//
// Checked against stock fio 3.33 (--parse-only): zipf:1, pareto:1, pareto:0.5:2,
// normal:101, zoned whose A's add up to 80, zoned whose S's add up to more than 100,
// zoned_abs with a blank size, "gauss:..." and per-direction zones separated by commas
// are all errors there too. Deliberate differences, where stock accepts something it
// cannot mean: zipf:0, zipf:-1 and a bare zipf (no theta), pareto/normal without a
// value, and random:3 (a value for the uniform distribution) are rejected.
#pragma once

#include "jobs/shape_spec.hpp"

#include <cstddef>
#include <string_view>

namespace fio::core {

inline constexpr std::size_t kMaxAccessZones = 256;

// Throws ValueError naming the text.
DistributionSpec parse_random_distribution(std::string_view text, unsigned kb_base);

// The VALUE[:CENTER] after zipf, pareto or normal (`kind`; `name` as the user wrote it),
// checked as above. Throws ValueError.
DistributionSpec parse_shaped_distribution(OffsetDistribution kind, std::string_view name,
                                           std::string_view rest);

}  // namespace fio::core
