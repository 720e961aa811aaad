// "Measurements and reporting": which latencies a job measures and which percentiles
// and figures its report shows. Their JobSpec fields live in jobs/measure_spec.hpp.
#include "options/list_parser.hpp"
#include "options/option_tables.hpp"

#include <array>

namespace fio::core {
namespace {

using sdk::OptionType;

constexpr const char* kReport = "Measurements and reporting";

constexpr sdk::OptionSpec flag(const char* name, const char* aliases, const char* def,
                               const char* help, const char* category = kReport) {
    return {name, aliases, OptionType::boolean, def, 0, 1, nullptr, help, category, nullptr};
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
};

}  // namespace

std::span<const CoreOption> measure_options() { return kMeasureOptions; }

}  // namespace fio::core
