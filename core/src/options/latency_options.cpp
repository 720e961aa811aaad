// Options under "I/O latency" in fio's manual: the queue-depth search for a latency
// target and the latency limit that ends a job. They fill JobSpec::latency
// (jobs/latency_spec.hpp); the I/O loop honours them through run/latency_target.hpp.
#include "options/core_options.hpp"
#include "options/expression.hpp"
#include "options/option_tables.hpp"
#include "options/per_direction.hpp"

#include <array>

namespace fio::core {
namespace {

using sdk::kNoMax;
using sdk::OptionType;

constexpr const char* kLatency = "I/O latency";

const std::array kLatencyOptions = {
    CoreOption{{"latency_target", nullptr, OptionType::time, nullptr, 0, kNoMax, nullptr,
                "Find the deepest queue (up to iodepth) at which I/Os meet this latency",
                kLatency, "us"},
               [](JobSpec& j, const OptionValue& v) {
                   j.latency.target_ns = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"latency_window", nullptr, OptionType::time, nullptr, 0, kNoMax, nullptr,
                "How long each queue depth is tried for latency_target", kLatency, "us"},
               [](JobSpec& j, const OptionValue& v) {
                   j.latency.window_ns = static_cast<std::uint64_t>(v.integer);
               }},
    // A fraction such as 99.9, so the value is read from the text (the percentage
    // type keeps whole numbers).
    CoreOption{{"latency_percentile", nullptr, OptionType::percentage, "100", 0, 100, nullptr,
                "Share of the I/Os of a window that must meet latency_target", kLatency,
                nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.latency.percentile = parse_percentage_or_expression(v.text);
               }},
    CoreOption{{"latency_run", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Keep adjusting the queue depth for latency_target for the whole run instead "
                "of ending the job once the depth is found",
                kLatency, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.latency.keep_adjusting = v.boolean; }},
    CoreOption{{"max_latency", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "End the job with ETIMEDOUT when an I/O takes longer than this; "
                "READ,WRITE,TRIM gives each direction its own (microseconds by default)",
                kLatency, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   const auto values = parse_per_direction<std::uint64_t>(
                       v.text, [](std::string_view part) {
                           return parse_time_or_expression(part, TimeUnit::us);
                       });
                   for (int dir = 0; dir < 3; ++dir) {
                       if (values[dir]) j.latency.max_ns[dir] = *values[dir];
                   }
               }},
};

}  // namespace

std::span<const CoreOption> latency_options() { return kLatencyOptions; }

}  // namespace fio::core
