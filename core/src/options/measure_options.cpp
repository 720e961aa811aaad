// "Measurements and reporting": which latencies a job measures and which percentiles
// and figures its report shows. Their JobSpec fields live in jobs/measure_spec.hpp.
#include "debug/debug_log.hpp"
#include "options/list_parser.hpp"
#include "options/option_tables.hpp"
#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string_view>

namespace fio::core {
namespace {

using sdk::OptionType;

constexpr const char* kReport = "Measurements and reporting";
constexpr const char* kSteady = "Steady state";
// A steady-state window of up to a day of one-second samples.
constexpr std::int64_t kMaxWindowNs = 86'400ll * 1'000'000'000;

constexpr sdk::OptionSpec flag(const char* name, const char* aliases, const char* def,
                               const char* help, const char* category = kReport) {
    return {name, aliases, OptionType::boolean, def, 0, 1, nullptr, help, category, nullptr};
}

// bwavgtime, iopsavgtime: stock takes 0 too (a sample at every check); here the
// shortest period is 1 ms, the resolution of the rates.
std::uint64_t sample_period(const OptionValue& value) {
    return std::max<std::uint64_t>(static_cast<std::uint64_t>(value.integer), 1'000'000);
}

// As in fio, gtod_reduce=1 switches every latency measurement and percentile report
// off at the point where it is written: a later disable_clat=0 measures clat again
// (without percentiles unless clat_percentiles=1 follows too). gtod_reduce=0 undoes
// nothing.
void reduce_clock_reads(JobSpec& job, const OptionValue& value) {
    if (!value.boolean) return;
    MeasureSpec& m = job.measure;
    m.disable_slat = m.disable_clat = m.disable_lat = m.disable_bw = true;
    m.slat_percentiles = m.clat_percentiles = m.lat_percentiles = false;
}

// steadystate=METRIC:LIMIT or METRIC:LIMIT% ("iops:10%", "bw_slope:1048576"). Stricter
// than stock fio, which also takes a negative limit (never met) or junk after the '%'.
void parse_steady_state_criterion(std::string_view text, SteadyStateSpec& ss) {
    const auto colon = text.find(':');
    const std::string_view metric = text.substr(0, colon);
    static constexpr std::pair<std::string_view, std::pair<SteadyStateSpec::Metric, bool>>
        kMetrics[] = {{"iops", {SteadyStateSpec::Metric::iops, false}},
                      {"iops_slope", {SteadyStateSpec::Metric::iops, true}},
                      {"bw", {SteadyStateSpec::Metric::bw, false}},
                      {"bw_slope", {SteadyStateSpec::Metric::bw, true}}};
    const auto* known = std::find_if(std::begin(kMetrics), std::end(kMetrics),
                                     [&](const auto& m) { return m.first == metric; });
    if (known == std::end(kMetrics)) {
        throw ValueError(fmt::format(
            "'{}': the criterion must be one of iops, iops_slope, bw, bw_slope", text));
    }
    if (colon == std::string_view::npos) {
        throw ValueError(fmt::format("'{}': give a limit too, as {}:LIMIT or {}:LIMIT%", text,
                                     metric, metric));
    }
    std::string_view limit = text.substr(colon + 1);
    const bool percent = limit.ends_with('%');
    if (percent) limit.remove_suffix(1);
    double value = 0;
    const char* const end = limit.data() + limit.size();
    const auto [stop, error] = std::from_chars(limit.data(), end, value);
    if (limit.empty() || error != std::errc() || stop != end || !std::isfinite(value) ||
        value < 0) {
        throw ValueError(fmt::format(
            "'{}': the limit must be a number >= 0, optionally followed by '%'", text));
    }
    ss.metric = known->second.first;
    ss.slope = known->second.second;
    ss.limit = value;
    ss.percent = percent;
    // Worded as stock's lines, which fio's own t/steadystate_tests.py looks for.
    if (percent) {
        debug(DebugType::parse, "set steady state threshold to {:f}%", value);
    } else if (ss.metric == SteadyStateSpec::Metric::iops) {
        debug(DebugType::parse, "set steady state IOPS threshold to {:f}", value);
    } else {  // bytes per second, a whole number
        debug(DebugType::parse, "set steady state BW threshold to {}",
              static_cast<std::uint64_t>(value));
    }
}

const std::array kMeasureOptions = {
    CoreOption{flag("gtod_reduce", nullptr, "0",
                    "Measure no latencies (disable_slat, disable_clat, disable_lat, "
                    "disable_bw) so that the clock is read far less often",
                    "Time related"),
               reduce_clock_reads},
    CoreOption{flag("disable_lat", nullptr, "0", "Do not measure total latency"),
               [](JobSpec& j, const OptionValue& v) { j.measure.disable_lat = v.boolean; }},
    CoreOption{flag("disable_clat", nullptr, "0",
                    "Do not measure completion latency (nor its lat (nsec/usec/msec) "
                    "distribution)"),
               [](JobSpec& j, const OptionValue& v) { j.measure.disable_clat = v.boolean; }},
    CoreOption{flag("disable_slat", nullptr, "0", "Do not measure submission latency"),
               [](JobSpec& j, const OptionValue& v) { j.measure.disable_slat = v.boolean; }},
    CoreOption{flag("disable_bw_measurement", "disable_bw", "0",
                    "Accepted as fio 3.33 does: bandwidth and IOPS samples are still reported"),
               [](JobSpec& j, const OptionValue& v) { j.measure.disable_bw = v.boolean; }},
    CoreOption{flag("slat_percentiles", nullptr, "0", "Report percentiles of submission latency"),
               [](JobSpec& j, const OptionValue& v) { j.measure.slat_percentiles = v.boolean; }},
    CoreOption{flag("clat_percentiles", nullptr, "1", "Report percentiles of completion latency"),
               [](JobSpec& j, const OptionValue& v) { j.measure.clat_percentiles = v.boolean; }},
    CoreOption{flag("lat_percentiles", nullptr, "0", "Report percentiles of total latency"),
               [](JobSpec& j, const OptionValue& v) { j.measure.lat_percentiles = v.boolean; }},
    CoreOption{{"percentile_list", nullptr, OptionType::string,
                "1:5:10:20:30:40:50:60:70:80:90:95:99:99.5:99.9:99.95:99.99", 0, 0, nullptr,
                "Percentiles to report, ':'-separated, each in (0,100], at most 20", kReport,
                nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.measure.percentile_list = parse_percentile_list(v.text);
               }},
    CoreOption{{"significant_figures", nullptr, OptionType::integer, "4", 1, 10, nullptr,
                "Significant figures of IOPS, rates and sizes in the normal text output",
                kReport, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.measure.significant_figures = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"unified_rw_reporting", nullptr, OptionType::choice, "none", 0, 0,
                "none,mixed,both,0,1,2",
                "Report read, write and trim apart (none, 0), summed as one \"mixed\" "
                "direction (mixed, 1), or both (both, 2)",
                "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   // The choice index: the numbers repeat the names in order.
                   j.measure.unified_rw = static_cast<std::uint8_t>(v.integer % 3);
               }},
    CoreOption{{"clocksource", nullptr, OptionType::choice, nullptr, 0, 0,
                "gettimeofday,clock_gettime,cpu",
                "Clock for time stamps: cpu is the TSC, the default where the CPU "
                "reports it invariant; clock_gettime and gettimeofday read CLOCK_MONOTONIC",
                "Time related", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   // The choice index, in the order of the names above.
                   j.measure.clocksource = static_cast<ClockSource>(v.integer + 1);
               }},
    CoreOption{flag("disk_util", nullptr, "1",
                    "Sample the disks under the job's files and report their utilisation"),
               [](JobSpec& j, const OptionValue& v) { j.measure.disk_util = v.boolean; }},
    CoreOption{flag("stats", nullptr, "1",
                    "Include the job in the results (0: it runs, but no report or group "
                    "total shows it)"),
               [](JobSpec& j, const OptionValue& v) { j.measure.stats = v.boolean; }},
    CoreOption{{"unit_base", nullptr, OptionType::choice, "0", 0, 0, "0,8,1",
                "Rates in the normal report: bytes (8), bits (1) or automatic, bytes (0)",
                "Units", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   constexpr std::uint8_t kBases[] = {0, 8, 1};  // the choices' order
                   j.measure.unit_base = kBases[v.integer];
               }},
    CoreOption{{"bwavgtime", nullptr, OptionType::time, "500", 0, sdk::kNoMax, nullptr,
                "Period over which each bandwidth sample is averaged (at least 1 ms)", kReport,
                "ms"},
               [](JobSpec& j, const OptionValue& v) { j.measure.bw_avg_ns = sample_period(v); }},
    CoreOption{{"iopsavgtime", nullptr, OptionType::time, "500", 0, sdk::kNoMax, nullptr,
                "Period over which each IOPS sample is averaged (at least 1 ms)", kReport,
                "ms"},
               [](JobSpec& j, const OptionValue& v) { j.measure.iops_avg_ns = sample_period(v); }},
    // Stock fio's time-keeping thread saves gettimeofday calls; ours reads the TSC (or
    // the vDSO clock) in the job thread, which costs less than reading a shared copy, so
    // the option is accepted and sets nothing aside.
    CoreOption{{"gtod_cpu", nullptr, OptionType::integer, nullptr, 0, sdk::kNoMax, nullptr,
                "Accepted for stock fio's job files: stock dedicates this CPU to a thread "
                "keeping the time; ours reads the TSC in each job thread and needs none",
                "Time related", nullptr},
               [](JobSpec&, const OptionValue&) {}},
    CoreOption{{"steadystate", "ss", OptionType::string, "iops_slope:0.01%", 0, 0, nullptr,
                "End the job once it settles: iops, iops_slope, bw or bw_slope, then "
                ":LIMIT or :LIMIT% of the mean",
                kSteady, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   parse_steady_state_criterion(v.text, j.measure.steadystate);
               }},
    CoreOption{{"steadystate_duration", "ss_dur", OptionType::time, "0", 0, kMaxWindowNs,
                nullptr,
                "Rolling window, in whole seconds, judged for steady state (0: no detection)",
                kSteady, "s"},
               [](JobSpec& j, const OptionValue& v) {
                   j.measure.steadystate.duration_s =
                       static_cast<std::uint32_t>(v.integer / 1'000'000'000);
               }},
    CoreOption{{"steadystate_ramp_time", "ss_ramp", OptionType::time, "0", 0, sdk::kNoMax,
                nullptr, "Run this long before collecting steady-state samples", kSteady, "s"},
               [](JobSpec& j, const OptionValue& v) {
                   j.measure.steadystate.ramp_ns = static_cast<std::uint64_t>(v.integer);
               }},
};

}  // namespace

std::span<const CoreOption> measure_options() { return kMeasureOptions; }

}  // namespace fio::core
