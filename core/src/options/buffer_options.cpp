// fio's "Buffers and memory" content options: what the buffers of writes hold.
#include "jobs/buffer_spec.hpp"
#include "options/buffer_pattern.hpp"
#include "options/option_tables.hpp"

#include <array>

namespace fio::core {
namespace {

using sdk::kNoMax;
using sdk::OptionType;

constexpr const char* kCategory = "Buffers and memory";

std::uint32_t percent(const OptionValue& v) { return static_cast<std::uint32_t>(v.integer); }

const std::array kBufferOptions = {
    CoreOption{{"buffer_pattern", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Fill write buffers with this pattern, repeated: 0x hex, \"text\", a 32-bit "
                "number or 'file', in any combination (at most 512 bytes)",
                kCategory, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.buffers.pattern = parse_buffer_pattern(v.text);
               }},
    CoreOption{{"zero_buffers", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Fill write buffers with zeroes", kCategory, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.buffers.zero_buffers = v.boolean; }},
    CoreOption{{"refill_buffers", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Refill write buffers before every write (implied by buffer_compress_percentage "
                "and dedupe_percentage)",
                kCategory, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.buffers.refill_buffers = v.boolean; }},
    CoreOption{{"scramble_buffers", nullptr, OptionType::boolean, "1", 0, 1, nullptr,
                "Alter write buffers slightly on each write to defeat naive deduplication "
                "(default off with zero_buffers or buffer_pattern)",
                kCategory, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.buffers.scramble_buffers = v.boolean; }},
    CoreOption{{"buffer_compress_percentage", nullptr, OptionType::percentage, nullptr, 0, 100,
                nullptr, "Make written data compressible to about this percentage", kCategory,
                nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.buffers.compress_percentage = percent(v);
               }},
    CoreOption{{"buffer_compress_chunk", nullptr, OptionType::size, "512", 0, kNoMax, nullptr,
                "Size of the alternating random and fixed regions for compressibility; 0 "
                "means the block size",
                kCategory, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.buffers.compress_chunk = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"dedupe_percentage", nullptr, OptionType::percentage, nullptr, 0, 100, nullptr,
                "Percentage of written blocks that repeat earlier ones", kCategory, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.buffers.dedupe_percentage = percent(v); }},
    CoreOption{{"dedupe_mode", nullptr, OptionType::choice, "repeat", 0, 0,
                "repeat,working_set",
                "Where duplicate blocks come from: the last unique block, or a working set of "
                "the first unique ones",
                kCategory, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.buffers.dedupe_mode = v.integer == 0 ? DedupeMode::repeat
                                                          : DedupeMode::working_set;
               }},
    CoreOption{{"dedupe_working_set_percentage", nullptr, OptionType::percentage, "5", 0, 100,
                nullptr,
                "Size of the dedupe working set, as a percentage of the file (needs size=)",
                kCategory, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.buffers.dedupe_working_set_percentage = percent(v);
               }},
    CoreOption{{"dedupe_global", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Share the dedupe working set among all jobs that set this", kCategory,
                nullptr},
               [](JobSpec& j, const OptionValue& v) { j.buffers.dedupe_global = v.boolean; }},
};

}  // namespace

std::span<const CoreOption> buffer_options() { return kBufferOptions; }

}  // namespace fio::core
