// Options that shape the workload beyond one block size and uniform random offsets:
// bsrange, bssplit, bs_unaligned, bs_is_seq_rand, blockalign, random_distribution,
// random_generator and percentage_random. Their fields live in JobSpec::shapes (jobs/shape_spec.hpp).
#include "options/bssplit_parser.hpp"
#include "options/core_options.hpp"
#include "options/distribution_parser.hpp"
#include "options/option_tables.hpp"
#include "options/per_direction.hpp"
#include "options/range_parser.hpp"
#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace fio::core {
namespace {

using sdk::OptionType;

constexpr std::uint64_t kMaxBlock = 0xFFFFFFFFull;

void check_block_size(std::string_view text, std::uint64_t size) {
    if (size == 0 || size > kMaxBlock) {
        throw ValueError(fmt::format("'{}': a block size must be 1 to {}", text, kMaxBlock));
    }
}

void apply_bsrange(JobSpec& job, const OptionValue& value) {
    const PerDirection<SizeRange> ranges = parse_size_ranges(value.text, job.kb_base);
    for (std::size_t dir = 0; dir < ranges.size(); ++dir) {
        if (!ranges[dir]) continue;
        check_block_size(value.text, ranges[dir]->min);
        check_block_size(value.text, ranges[dir]->max);
        job.block_size[dir] = ranges[dir]->min;
        job.shapes.max_block_size[dir] = ranges[dir]->max;
        job.shapes.bssplit[dir].clear();
    }
}

void apply_bssplit(JobSpec& job, const OptionValue& value) {
    PerDirection<BlockSizeSplit> splits = parse_bssplit(value.text, job.kb_base);
    for (std::size_t dir = 0; dir < splits.size(); ++dir) {
        if (!splits[dir]) continue;
        std::uint64_t smallest = ~0ull;
        std::uint64_t largest = 0;
        for (const auto& share : *splits[dir]) {
            check_block_size(value.text, share.size);
            smallest = std::min(smallest, share.size);
            largest = std::max(largest, share.size);
        }
        // bs and the direct=1 checks see the smallest size; the split decides each I/O.
        job.block_size[dir] = smallest;
        job.shapes.max_block_size[dir] = largest;
        job.shapes.bssplit[dir] = std::move(*splits[dir]);
    }
}

void apply_blockalign(JobSpec& job, const OptionValue& value) {
    const PerDirection<std::uint64_t> aligns = parse_per_direction_sizes(value.text, job.kb_base);
    for (std::size_t dir = 0; dir < aligns.size(); ++dir) {
        if (!aligns[dir]) continue;
        if (*aligns[dir] == 0) {
            throw ValueError(fmt::format("'{}': an alignment must be at least 1 byte", value.text));
        }
        job.shapes.block_align[dir] = *aligns[dir];
    }
}

const std::array kShapeOptions = {
    CoreOption{{"bsrange", "blocksize_range", OptionType::string, nullptr, 0, 0, nullptr,
                "Range of block sizes, MIN-MAX; READ,WRITE,TRIM gives each direction its own",
                "Block size", nullptr},
               apply_bsrange},
    CoreOption{{"bssplit", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Weighted block sizes, e.g. 4k/10:64k/50:32k/40; READ,WRITE,TRIM per direction",
                "Block size", nullptr},
               apply_bssplit},
    CoreOption{{"bs_unaligned", "blocksize_unaligned", OptionType::boolean, "0", 0, 1, nullptr,
                "Let block sizes be any value in the range, not only multiples of the minimum",
                "Block size", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.shapes.bs_unaligned = v.boolean; }},
    CoreOption{{"bs_is_seq_rand", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Read the READ,WRITE block sizes as those of sequential,random I/O",
                "Block size", nullptr},
               [](JobSpec& j, const OptionValue& v) { j.shapes.bs_is_seq_rand = v.boolean; }},
    CoreOption{{"ba", "blockalign", OptionType::string, nullptr, 0, 0, nullptr,
                "Align random offsets to this (default: the block size); turns off the "
                "random map",
                "Block size", nullptr},
               apply_blockalign},
    CoreOption{{"random_distribution", nullptr, OptionType::string, "random", 0, 0, nullptr,
                "Where random offsets fall: random, zipf:THETA, pareto:H, normal:DEV "
                "(each [:CENTER]), zoned:A/S:..., zoned_abs:A/SIZE:...; non-uniform ones "
                "turn off the random map",
                "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.shapes.distribution = parse_random_distribution(v.text, j.kb_base);
               }},
    CoreOption{{"random_generator", nullptr, OptionType::choice, "tausworthe", 0, 0,
                "tausworthe,lfsr,tausworthe64",
                "Offsets: tausworthe/tausworthe64 draw uniformly (xoshiro256** here); lfsr "
                "visits each block once per pass without a random map",
                "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.shapes.generator = static_cast<OffsetGeneratorKind>(v.integer);
               }},
    CoreOption{{"percentage_random", nullptr, OptionType::string, "100", 0, 0, nullptr,
                "Share of a random pattern's I/Os at random offsets, READ[,WRITE[,TRIM]]; "
                "the others follow on from the I/O before (0: fully sequential)",
                "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   const auto shares = parse_per_direction<std::uint8_t>(
                       v.text, [](std::string_view part) {
                           return static_cast<std::uint8_t>(parse_percentage(part));
                       });
                   for (std::size_t dir = 0; dir < shares.size(); ++dir) {
                       if (shares[dir]) j.shapes.random_share[dir] = *shares[dir];
                   }
               }},
    CoreOption{{"softrandommap", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Go on without a random map if it cannot be allocated: accepted; the map "
                "here is a bitmap allocated whole when the job starts, never given up",
                "I/O type", nullptr},
               [](JobSpec&, const OptionValue&) {}},
    CoreOption{{"rw_sequencer", nullptr, OptionType::choice, "sequential", 0, 0,
                "sequential,identical",
                "With rw=randread:N, the I/Os between random offsets follow on (sequential) "
                "or repeat the offset (identical)",
                "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.shapes.sequencer = static_cast<RwSequencer>(v.integer);
               }},
    CoreOption{{"offset_increment", nullptr, OptionType::string, "0", 0, 0, nullptr,
                "Move each clone's start offset by this much (or N% of the file's size) "
                "times its clone number",
                "I/O size", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.shapes.offset_increment = 0;
                   j.shapes.offset_increment_percent = -1;
                   if (trim_blanks(v.text).ends_with('%')) {
                       j.shapes.offset_increment_percent = parse_percentage(v.text);
                       return;
                   }
                   j.shapes.offset_increment = parse_size(v.text, j.kb_base);
               }},
    CoreOption{{"offset_align", nullptr, OptionType::size, "0", 0, sdk::kNoMax, nullptr,
                "Round a percentage offset up to this (0: the smallest block size)",
                "I/O size", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.shapes.offset_align = static_cast<std::uint64_t>(v.integer);
               }},
};

}  // namespace

std::span<const CoreOption> shape_options() { return kShapeOptions; }

}  // namespace fio::core
