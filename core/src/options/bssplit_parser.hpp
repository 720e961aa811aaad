// bssplit=4k/10:64k/50:32k/40 — weighted block sizes, per direction (read,write,trim by
// the rule in per_direction.hpp: "bssplit=4k/50:8k/50" applies to all three,
// "bssplit=4k/50:8k/50," to reads only, the other directions keeping bs/bsrange).
//
// One direction's list is SIZE[/PERCENT] entries separated by ':'. SIZE is a size as
// parse_size reads it (units, kb_base) or an expression. PERCENT is a whole number
// from 0 to 100; left out or empty it is "blank".
//
// The result is what stock fio 3.33 does with the list (each point checked by logging
// 20000 random I/Os with write_iolog and counting their sizes):
//   - blank entries share what the others leave equally, rounded down:
//     4k/50:8k/:16k/ is 50, 25, 25; a lone 8k or 8k/ is 100.
//   - a percentage of 0 counts as blank: 4k/0:8k/50 issues 4k half of the time.
//   - entries are sorted by percentage, ascending; equal ones keep the order written
//     (swapping 8k/50:16k/50 to 16k/50:8k/50 swaps the generated sequence), which is
//     the order a random draw walks.
//   - the last entry (the largest share) takes whatever the percentages leave short
//     of 100: 4k/10:8k/20 issues 8k 90% of the time, and 4k/50:8k/:16k/:32k/ issues
//     4k 52% (the 2% the blanks' rounding left). We fold that into its percent, so a
//     direction's percents always add up to exactly 100.
//   - entries whose share ends at 0% stay in the list: they are never issued but count
//     for the direction's smallest and largest block size (8k/100:1k/ issues 8k
//     blocks at 1k-aligned offsets).
// Deliberate differences, where stock fio silently carries on with something else:
//   - percentages adding up to more than 100 are rejected (HOWTO: "it will error
//     out"); stock fio errors only with two or more blanks, and otherwise gives the
//     last entries what is left (4k/60:8k/60 is 60/40) or wraps around (4k/80:8k/30:16k/
//     gives 16k nearly every I/O).
//   - a percentage above 100, negative, fractional or with junk is rejected (stock:
//     101 is 100, -10 is 100, 12.5 is 12, 50abc is 50); so is a size with junk (4kx)
//     and a block size of 0.
//   - an empty entry is rejected (stock stops reading at it: 8k/50::16k/50 drops 16k,
//     :8k/50 drops everything); a single trailing ':' is accepted, as in stock.
//   - more than 64 entries are rejected (stock keeps the first 64).
#pragma once

#include "options/per_direction.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace fio::core {

struct BlockSizeShare {
    std::uint64_t size = 0;     // bytes, at least 1
    std::uint32_t percent = 0;  // of the direction's I/Os

    friend bool operator==(const BlockSizeShare&, const BlockSizeShare&) = default;
};

// Sorted by percent, ascending; the percents add up to 100.
using BlockSizeSplit = std::vector<BlockSizeShare>;

inline constexpr std::size_t kMaxBlockSizeShares = 64;

// Throws ValueError naming the text (and the direction) for anything malformed.
PerDirection<BlockSizeSplit> parse_bssplit(std::string_view text, unsigned kb_base);

}  // namespace fio::core
