// Options that pace a job's I/O: rate limits and their minimums, think time, I/O
// counts, flow control between jobs, and job control (exitall). They fill
// JobSpec::pacing (jobs/pacing_spec.hpp); the runner honours them through run/pacer.hpp
// and run/flow_control.hpp.
#include "options/core_options.hpp"
#include "options/expression.hpp"
#include "options/option_tables.hpp"
#include "options/per_direction.hpp"

#include <fmt/format.h>

#include <array>

namespace fio::core {
namespace {

using sdk::kNoMax;
using sdk::OptionType;

constexpr const char* kRate = "I/O rate";
constexpr const char* kDepth = "I/O depth";
constexpr const char* kSize = "I/O size";
constexpr const char* kThreads = "Threads, processes and job synchronization";
constexpr const char* kErrors = "Error handling";

// "R[,W[,T]]" of byte rates, as bs= splits its values (options/per_direction.hpp).
void apply_byte_rates(std::array<std::uint64_t, 3>& rates, const OptionValue& v, unsigned kb_base) {
    const auto values = parse_per_direction<std::uint64_t>(
        v.text, [&](std::string_view part) { return parse_size_or_expression(part, kb_base); });
    for (int dir = 0; dir < 3; ++dir) {
        if (values[dir]) rates[dir] = *values[dir];
    }
}

// "R[,W[,T]]" of I/O counts per second.
void apply_iops_rates(std::array<std::uint64_t, 3>& rates, const OptionValue& v) {
    const auto values = parse_per_direction<std::uint64_t>(v.text, [](std::string_view part) {
        const std::int64_t n = parse_integer_or_expression(part);
        if (n < 0) throw ValueError(fmt::format("'{}': a rate cannot be negative", part));
        return static_cast<std::uint64_t>(n);
    });
    for (int dir = 0; dir < 3; ++dir) {
        if (values[dir]) rates[dir] = *values[dir];
    }
}

const std::array kPacingOptions = {
    CoreOption{{"rate", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Cap bandwidth at this many bytes per second; READ,WRITE,TRIM gives each "
                "direction its own",
                kRate, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   apply_byte_rates(j.pacing.rate_bps, v, j.kb_base);
               }},
    CoreOption{{"rate_min", "ratemin", OptionType::string, nullptr, 0, 0, nullptr,
                "Fail the job if its bandwidth over a rate_cycle falls below this many bytes "
                "per second",
                kRate, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   apply_byte_rates(j.pacing.rate_min_bps, v, j.kb_base);
               }},
    CoreOption{{"rate_iops", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Cap the rate at this many I/Os per second; READ,WRITE,TRIM gives each "
                "direction its own",
                kRate, nullptr},
               [](JobSpec& j, const OptionValue& v) { apply_iops_rates(j.pacing.rate_iops, v); }},
    CoreOption{{"rate_iops_min", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "Fail the job if it does fewer I/Os per second than this over a rate_cycle",
                kRate, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   apply_iops_rates(j.pacing.rate_iops_min, v);
               }},
    CoreOption{{"rate_cycle", "ratecycle", OptionType::time, "1000", 1'000'000, kNoMax, nullptr,
                "Window over which rate_min and rate_iops_min are measured", kRate, "ms"},
               [](JobSpec& j, const OptionValue& v) {
                   j.pacing.rate_cycle_ns = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"rate_process", nullptr, OptionType::choice, "linear", 0, 0, "linear,poisson",
                "Spacing of rate-limited I/Os: even, or a Poisson process of the same mean",
                kRate, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.pacing.rate_process = v.integer == 0 ? RateProcess::linear : RateProcess::poisson;
               }},
    CoreOption{{"rate_ignore_thinktime", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Do not catch up on the rate after a think-time pause", kRate, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.pacing.rate_ignore_thinktime = v.boolean; }},
    CoreOption{{"io_submit_mode", nullptr, OptionType::choice, "inline", 0, 0, "inline,offload",
                "inline: drain the queue before waiting for the rate; offload: keep I/Os in "
                "flight so issue times follow the rate (with a rate, needs an asynchronous engine)",
                kDepth, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.pacing.submit_mode = v.integer == 0 ? SubmitMode::inline_mode : SubmitMode::offload;
               }},
    CoreOption{{"thinktime", nullptr, OptionType::time, "0", 0, kNoMax, nullptr,
                "Pause this long between I/Os, as if processing the data", kRate, "us"},
               [](JobSpec& j, const OptionValue& v) {
                   j.pacing.thinktime_ns = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"thinktime_spin", nullptr, OptionType::time, "0", 0, kNoMax, nullptr,
                "Busy-spin this part of each think time instead of sleeping", kRate, "us"},
               [](JobSpec& j, const OptionValue& v) {
                   j.pacing.thinktime_spin_ns = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"thinktime_blocks", nullptr, OptionType::integer, "1", 1, kNoMax, nullptr,
                "Number of I/Os between think-time pauses", kRate, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.pacing.thinktime_blocks = static_cast<std::uint64_t>(v.integer);
                   j.pacing.thinktime_blocks_given = true;
               }},
    CoreOption{{"thinktime_blocks_type", nullptr, OptionType::choice, "complete", 0, 0,
                "complete,issue", "Count thinktime_blocks at completion or at issue", kRate,
                nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.pacing.thinktime_blocks_type =
                       v.integer == 0 ? ThinktimeCount::complete : ThinktimeCount::issue;
               }},
    CoreOption{{"thinktime_iotime", nullptr, OptionType::time, "0", 0, kNoMax, nullptr,
                "Pause for thinktime after this much time of I/O (or after thinktime_blocks "
                "I/Os when that is given, whichever comes first)",
                kRate, "s"},
               [](JobSpec& j, const OptionValue& v) {
                   j.pacing.thinktime_iotime_ns = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"number_ios", nullptr, OptionType::integer, "0", 0, kNoMax, nullptr,
                "End each loop of the job after this many I/Os (0: no limit)", kSize, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.pacing.number_ios = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"flow_id", nullptr, OptionType::integer, "0", 0, kNoMax, nullptr,
                "Flow-control group of this job: jobs with the same id share one flow",
                kThreads, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.pacing.flow_id = static_cast<std::uint64_t>(v.integer);
               }},
    // Stock fio 3.33 accepts -1000..1000 (negative weights were the flow syntax before
    // fio 3.24); run/flow_control.hpp does with them what stock's arithmetic does.
    CoreOption{{"flow", nullptr, OptionType::integer, "0", -1000, 1000, nullptr,
                "Weight of this job in its flow: jobs of one flow_id issue I/Os in the ratio "
                "of their weights (0: not flow-controlled)",
                kThreads, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.pacing.flow_weight = static_cast<std::int32_t>(v.integer);
               }},
    CoreOption{{"flow_sleep", nullptr, OptionType::time, "0", 0, kNoMax, nullptr,
                "When flow control holds the job back, complete its in-flight I/Os and "
                "pause this long before trying again (0: retry at once)",
                kThreads, "us"},
               [](JobSpec& j, const OptionValue& v) {
                   j.pacing.flow_sleep_ns = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"exitall", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "When this job finishes, end the jobs exit_what names", kThreads, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.pacing.exitall = v.boolean; }},
    CoreOption{{"exit_what", nullptr, OptionType::choice, "group", 0, 0, "group,stonewall,all",
                "Which jobs exitall ends: its reporting group, every running job, or all jobs "
                "(those not started yet never start)",
                kThreads, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.pacing.exit_what = v.integer == 0   ? ExitWhat::group
                                        : v.integer == 1 ? ExitWhat::stonewall
                                                         : ExitWhat::all;
               }},
    CoreOption{{"exitall_on_error", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "When this job fails, end all the others", kErrors, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.pacing.exitall_on_error = v.boolean; }},
};

}  // namespace

std::span<const CoreOption> pacing_options() { return kPacingOptions; }

}  // namespace fio::core
