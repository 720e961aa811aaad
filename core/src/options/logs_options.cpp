// Options of the per-job log files (HOWTO "Measurements and reporting", "Log File
// Formats"): which logs a job writes, how their lines are averaged and stamped.
#include "options/cpu_list.hpp"
#include "options/option_tables.hpp"
#include "options/value_parsers.hpp"

#include <sys/sysinfo.h>

#include <fmt/format.h>

#include <array>
#include <ctime>

namespace fio::core {
namespace {

using sdk::kNoMax;
using sdk::OptionType;

constexpr const char* kReport = "Measurements and reporting";

// A log option given bare (`write_bw_log`) names its files after the job, as in stock
// fio; its spec's empty default lets the parser accept the missing value.
LogRequest log_request(const OptionValue& v) { return {true, v.text}; }

// log_avg_msec and log_hist_msec are whole milliseconds (a bare number is ms).
std::uint64_t whole_ms(const OptionValue& v) {
    const auto ns = static_cast<std::uint64_t>(v.integer);
    if (ns % 1'000'000 != 0) {
        throw ValueError(fmt::format("'{}' is not a whole number of milliseconds", v.text));
    }
    return ns / 1'000'000;
}

const std::array kLogsOptions = {
    CoreOption{{"write_bw_log", nullptr, OptionType::string, "", 0, 0, nullptr,
                "Log bandwidth to P_bw.N.log (P: the value, or the job name when bare)",
                kReport, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.logs.bw = log_request(v); }},
    CoreOption{{"write_lat_log", nullptr, OptionType::string, "", 0, 0, nullptr,
                "Log total, completion and submission latency to P_lat.N.log, P_clat.N.log "
                "and P_slat.N.log",
                kReport, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.logs.lat = log_request(v); }},
    CoreOption{{"write_iops_log", nullptr, OptionType::string, "", 0, 0, nullptr,
                "Log IOPS to P_iops.N.log", kReport, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.logs.iops = log_request(v); }},
    CoreOption{{"write_hist_log", nullptr, OptionType::string, "", 0, 0, nullptr,
                "Log completion latency histograms to P_clat_hist.N.log (every "
                "log_hist_msec)",
                kReport, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.logs.hist = log_request(v); }},
    CoreOption{{"per_job_logs", nullptr, OptionType::boolean, "1", 0, 1, nullptr,
                "Put the thread number into log file names; when off, jobs with the same "
                "prefix append to one file",
                kReport, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.logs.per_job = v.boolean; }},
    CoreOption{{"log_entries", nullptr, OptionType::integer, "1024", 1024, 1048576, nullptr,
                "Log records allocated up front; more are added in chunks as needed",
                kReport, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.logs.entries = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"log_avg_msec", nullptr, OptionType::time, "0", 0, kNoMax, nullptr,
                "Write one averaged line per direction per this many ms (0: a line per I/O)",
                kReport, "ms"},
               [](JobSpec& j, const OptionValue& v) { j.logs.avg_msec = whole_ms(v); }},
    CoreOption{{"log_max_value", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "With log_avg_msec, log each window's largest value instead of its mean",
                kReport, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.logs.max_value = v.boolean; }},
    CoreOption{{"log_hist_msec", nullptr, OptionType::time, "0", 0, kNoMax, nullptr,
                "Write a completion latency histogram line this often (0: never)", kReport,
                "ms"},
               [](JobSpec& j, const OptionValue& v) { j.logs.hist_msec = whole_ms(v); }},
    CoreOption{{"log_hist_coarseness", nullptr, OptionType::integer, "0", 0, 6, nullptr,
                "Halve the histogram log's 1856 columns this many times", kReport, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.logs.hist_coarseness = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"log_offset", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Add each I/O's offset (bytes) as a column of the log lines", kReport,
                nullptr},
               [](JobSpec& j, const OptionValue& v) { j.logs.offset = v.boolean; }},
    CoreOption{{"log_prio", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Log each I/O's full priority value (0x%04x) instead of 1 for real-time, "
                "0 otherwise",
                kReport, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.logs.prio = v.boolean; }},
    CoreOption{{"log_unix_epoch", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Time column in ms since the Unix epoch instead of since the job started",
                kReport, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.logs.unix_epoch = v.boolean; }},
    CoreOption{{"log_alternate_epoch", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Time column in ms of the epoch of log_alternate_epoch_clock_id", kReport,
                nullptr},
               [](JobSpec& j, const OptionValue& v) { j.logs.alternate_epoch = v.boolean; }},
    CoreOption{{"log_alternate_epoch_clock_id", nullptr, OptionType::integer, "0", 0, 1023,
                nullptr,
                "clock_gettime clock whose epoch log_unix_epoch and log_alternate_epoch use",
                kReport, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   timespec probe{};
                   if (::clock_gettime(static_cast<clockid_t>(v.integer), &probe) != 0) {
                       throw ValueError(fmt::format("'{}' is not a clock this system has",
                                                    v.text));
                   }
                   j.logs.epoch_clock_id = static_cast<std::int32_t>(v.integer);
               }},
    CoreOption{{"log_compression", nullptr, OptionType::size, nullptr, 1024, 536870912, nullptr,
                "Keep the per-I/O log records deflated in memory, in chunks of this size (a "
                "helper thread compresses them)",
                kReport, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.logs.compression_bytes = static_cast<std::uint64_t>(v.integer);
               }},
    CoreOption{{"log_compression_cpus", nullptr, OptionType::string, nullptr, 0, 0, nullptr,
                "CPUs the log compression helper may run on, e.g. 0,5,8-15", kReport, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.logs.compression_cpus =
                       parse_cpu_list(v.text, static_cast<std::uint32_t>(get_nprocs_conf()));
               }},
    CoreOption{{"log_store_compressed", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Write the logs compressed, as P_bw.N.log.fz (fio --inflate-log=FILE prints "
                "the text)",
                kReport, nullptr},
               [](JobSpec& j, const OptionValue& v) { j.logs.store_compressed = v.boolean; }},
};

}  // namespace

std::span<const CoreOption> logs_options() { return kLogsOptions; }

}  // namespace fio::core
