// I/O logs and their replay (fio manual: "I/O replay"): write_iolog, read_iolog and
// the replay_* options. Version 3 logs are written; versions 2 and 3 are read.
// read_iolog also replays blktrace's binary traces (iolog/blktrace_reader.hpp), and the
// merge_blktrace_* options merge several into one (iolog/blktrace_merge.hpp).
#include "options/list_parser.hpp"
#include "options/option_tables.hpp"
#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <vector>

namespace fio::core {
namespace {

using sdk::kNoMax;
using sdk::OptionType;

constexpr const char* kReplay = "I/O replay";

// replay_skip: a comma list of read, write, trim, sync. (Stock 3.33's help also names
// "flush", which its parser refuses.)
std::uint8_t parse_replay_skip(std::string_view text) {
    std::uint8_t bits = 0;
    for (std::string_view item : split_list(text, ',')) {
        item = trim_blanks(item);
        if (item == "read") {
            bits |= kSkipReads;
        } else if (item == "write") {
            bits |= kSkipWrites;
        } else if (item == "trim") {
            bits |= kSkipTrims;
        } else if (item == "sync") {
            bits |= kSkipSyncs;
        } else {
            throw ValueError(fmt::format("'{}' is not an I/O kind to skip (read, write, trim, sync)",
                                         item));
        }
    }
    return bits;
}

// merge_blktrace_scalars / _iters: ':'-separated positive numbers, one per trace (stock
// takes them as floats and keeps the whole part).
std::vector<std::uint32_t> parse_merge_list(std::string_view text) {
    std::vector<std::uint32_t> values;
    for (std::string_view item : split_list(text, ':')) {
        item = trim_blanks(item);
        double value = 0;
        const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), value);
        if (error != std::errc() || end != item.data() + item.size() || !(value >= 1) ||
            value > 0xFFFFFFFFu) {
            throw ValueError(fmt::format("'{}' is not a whole number of at least 1", item));
        }
        values.push_back(static_cast<std::uint32_t>(value));
    }
    if (values.empty()) throw ValueError(fmt::format("'{}' holds no value", text));
    return values;
}

const std::array kReplayOptions = {
    CoreOption{{"write_iolog", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Record every I/O the job issues in this file (appended to), for read_iolog",
                kReplay, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.replay.write_iolog = v.text; }},
    CoreOption{{"read_iolog", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Replay the I/Os of this iolog (version 2 or 3; '-': standard input) "
                "instead of the workload; with several, separated by ':', clone N replays "
                "the Nth",
                kReplay, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.replay.read_iolog = split_filename_list(v.text);
                   if (j.replay.read_iolog.empty()) {
                       throw ValueError(fmt::format("'{}' names no log", v.text));
                   }
               }},
    CoreOption{{"read_iolog_chunked", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Read the replayed log a piece at a time as the replay goes (for huge or "
                "generated logs)",
                kReplay, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.replay.chunked = v.boolean; }},
    CoreOption{{"replay_no_stall", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Replay as fast as possible, in order, without the log's pauses", kReplay,
                nullptr},
               [](JobSpec& j, const OptionValue& v) { j.replay.no_stall = v.boolean; }},
    CoreOption{{"replay_time_scale", nullptr, OptionType::integer, "100", 1, 0xFFFFFFFFll,
                nullptr,
                "Replay at this percentage of the recorded rate (200: pauses halved)", kReplay,
                nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.replay.time_scale = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"replay_redirect", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Replay every I/O of the log on this one file or device", kReplay, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.replay.redirect = v.text; }},
    CoreOption{{"replay_align", nullptr, OptionType::size, nullptr, 0, kNoMax, nullptr,
                "Round replayed offsets down to a multiple of this power of 2", kReplay,
                nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   const auto align = static_cast<std::uint64_t>(v.integer);
                   if (align != 0 && (align & (align - 1)) != 0) {
                       throw ValueError(fmt::format("'{}' is not a power of 2", v.text));
                   }
                   j.replay.align = align;
               }},
    CoreOption{{"replay_scale", nullptr, OptionType::size, "1", 0, kNoMax, nullptr,
                "Divide replayed offsets by this factor (0 and 1: unchanged)", kReplay,
                nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.replay.scale = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"replay_skip", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Leave these I/O kinds out of a replay: a comma list of read, write, trim, "
                "sync",
                kReplay, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.replay.skip = parse_replay_skip(v.text); }},
    CoreOption{{"merge_blktrace_file", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Merge the blktrace traces of read_iolog into this file, then replay it",
                kReplay, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.replay.merge_file = v.text; }},
    CoreOption{{"merge_blktrace_scalars", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Per-trace time scaling in percent for the merge, ':'-separated (50: twice "
                "as fast)",
                kReplay, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.replay.merge_scalars = parse_merge_list(v.text); }},
    CoreOption{{"merge_blktrace_iters", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Per-trace repetition counts for the merge, ':'-separated", kReplay, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.replay.merge_iters = parse_merge_list(v.text); }},
};

}  // namespace

std::span<const CoreOption> replay_options() { return kReplayOptions; }

}  // namespace fio::core
