// fio-style formatting of numbers, sizes, rates, latencies and dates, plus the few
// figures fio derives from raw results before printing them (rates from a runtime in
// milliseconds, distribution percentages). The text and JSON sinks, the terse sink and
// the core's live progress line all use these, so every output rounds the same way
// stock fio 3.33 does. Header-only; needs fmt (fmt::fmt).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <ctime>
#include <span>
#include <string>
#include <string_view>

#include "fio/sdk/result.hpp"

namespace fio::sdk {

// ---------------------------------------------------------------------------------
// Shortened numbers: fio's "num2str"
// ---------------------------------------------------------------------------------

// How many digits fio keeps when it shortens a number (its `sig_figs` default).
inline constexpr int kDefaultSigFigs = 4;

// What is appended after the unit prefix.
enum class NumberUnit : std::uint8_t {
    none,              // "1820k"
    per_second,        // "1820k/s"
    bytes,             // "64.0MiB"
    bits,              // value * 8, "512Mibit"
    bytes_per_second,  // "7111MiB/s"
    bits_per_second,   // value * 8, "56.9Gibit/s"
};

namespace detail {

inline unsigned decimal_digits(std::uint64_t v) noexcept {
    unsigned n = 1;
    while (v >= 10) {
        v /= 10;
        ++n;
    }
    return n;
}

inline std::string_view unit_suffix(NumberUnit unit) noexcept {
    switch (unit) {
        case NumberUnit::none: return "";
        case NumberUnit::per_second: return "/s";
        case NumberUnit::bytes: return "B";
        case NumberUnit::bits: return "bit";
        case NumberUnit::bytes_per_second: return "B/s";
        case NumberUnit::bits_per_second: return "bit/s";
    }
    return "";
}

}  // namespace detail

// Shortens `value` to at most `max_digits` integer digits the way fio does: divide by
// 1000 (or 1024 when `binary`) and step the prefix (k, M, G... or Ki, Mi, Gi...) until
// it fits; then, if at least two digit positions are left over, show the remainder of
// the last division as decimals ("64.0MiB", "84.5k"), else round to the nearest whole
// number ("1820k"). `start_prefix` says the value is already in that unit (1 = k/Ki).
//
// Two of fio's quirks are kept on purpose, so that text compares equal to stock fio:
// only the last division's remainder feeds the decimals, and a remainder that rounds up
// to a whole unit is shown as ".0" without carrying (65535 bytes -> "63.0KiB").
inline std::string scaled_number(std::uint64_t value, int max_digits, bool binary,
                                 NumberUnit unit, int start_prefix = 0) {
    static constexpr std::array<std::string_view, 7> kDecimalPrefixes = {"",  "k", "M", "G",
                                                                         "T", "P", "E"};
    static constexpr std::array<std::string_view, 7> kBinaryPrefixes = {"",   "Ki", "Mi", "Gi",
                                                                        "Ti", "Pi", "Ei"};
    const auto& prefixes = binary ? kBinaryPrefixes : kDecimalPrefixes;
    const std::uint64_t thousand = binary ? 1024 : 1000;
    const unsigned wanted = static_cast<unsigned>(std::max(max_digits, 1));

    if (unit == NumberUnit::bits || unit == NumberUnit::bits_per_second) value *= 8;

    std::size_t prefix = std::min<std::size_t>(std::max(start_prefix, 0), prefixes.size() - 1);
    bool divided = false;
    std::uint64_t remainder = 0;
    while (detail::decimal_digits(value) > wanted && prefix + 1 < prefixes.size()) {
        remainder = value % thousand;
        value /= thousand;
        ++prefix;
        divided = true;
    }

    const std::string_view suffix = detail::unit_suffix(unit);
    if (!divided) return fmt::format("{}{}{}", value, prefixes[prefix], suffix);

    const unsigned digits = detail::decimal_digits(value);
    if (wanted <= digits + 1) {
        if (remainder >= thousand / 2) ++value;
        return fmt::format("{}{}{}", value, prefixes[prefix], suffix);
    }

    // "0.xyz" (or "1.0" when it rounds up): the decimals are what follows "0." / "1.".
    const unsigned decimals = wanted - digits - 1;
    const std::string fraction = fmt::format(
        "{:.{}f}", static_cast<double>(remainder) / static_cast<double>(thousand), decimals);
    return fmt::format("{}.{}{}{}", value, std::string_view(fraction).substr(2), prefixes[prefix],
                       suffix);
}

// fio shows sizes and rates in base 1024 when kb_base is a power of two (1024), else in
// base 1000, with the other base in parentheses. 0 (unset) means fio's default, 1024.
constexpr bool is_binary_base(std::uint32_t kb_base) noexcept {
    return (kb_base & (kb_base - 1)) == 0;
}

// "64.0MiB" / "67.1MB"; `sig_figs` is the job's significant_figures.
inline std::string size_string(std::uint64_t bytes, bool binary, int sig_figs = kDefaultSigFigs) {
    return scaled_number(bytes, sig_figs, binary, NumberUnit::bytes);
}

// "7111MiB/s" / "7457MB/s"; in `bits` (unit_base=1): "56.9Gibit/s" / "61.1Gbit/s".
inline std::string rate_string(std::uint64_t bytes_per_second, bool binary,
                               int sig_figs = kDefaultSigFigs, bool bits = false) {
    return scaled_number(bytes_per_second, sig_figs, binary,
                         bits ? NumberUnit::bits_per_second : NumberUnit::bytes_per_second);
}

// IOPS and other counts: "1820k", "84.5k", "999"
inline std::string count_string(std::uint64_t count, int sig_figs = kDefaultSigFigs) {
    return scaled_number(count, sig_figs, false, NumberUnit::none);
}

// ---------------------------------------------------------------------------------
// Latency units
// ---------------------------------------------------------------------------------

enum class TimeUnit : std::uint8_t { nsec, usec, msec };

constexpr std::string_view unit_name(TimeUnit unit) noexcept {
    switch (unit) {
        case TimeUnit::nsec: return "nsec";
        case TimeUnit::usec: return "usec";
        case TimeUnit::msec: return "msec";
    }
    return "nsec";
}

constexpr std::uint64_t ns_per_unit(TimeUnit unit) noexcept {
    switch (unit) {
        case TimeUnit::nsec: return 1;
        case TimeUnit::usec: return 1'000;
        case TimeUnit::msec: return 1'000'000;
    }
    return 1;
}

// One "clat (usec): min=..., max=..., avg=..., stdev=..." line's figures, in `unit`.
struct LatencyFigures {
    TimeUnit unit = TimeUnit::nsec;
    std::uint64_t min = 0;
    std::uint64_t max = 0;
    double mean = 0;
    double stddev = 0;
};

// fio switches a latency summary to a larger unit only when the smallest value, the
// largest value and the spread are all clearly in its range (min > 2 units, max >= 100
// units, stdev > 1 unit); min and max are then truncated, mean and stdev divided.
inline LatencyFigures scale_latency(std::uint64_t min_ns, std::uint64_t max_ns, double mean_ns,
                                    double stddev_ns) noexcept {
    LatencyFigures out{TimeUnit::nsec, min_ns, max_ns, mean_ns, stddev_ns};
    for (TimeUnit unit : {TimeUnit::msec, TimeUnit::usec}) {
        const std::uint64_t per = ns_per_unit(unit);
        const double per_d = static_cast<double>(per);
        if (min_ns > 2 * per && max_ns >= 100 * per && stddev_ns > per_d) {
            out = {unit, min_ns / per, max_ns / per, mean_ns / per_d, stddev_ns / per_d};
            break;
        }
    }
    return out;
}

// The unit of a "clat percentiles (usec):" table, chosen from its smallest and largest
// entry (ns): usec when min > 2 us and max > 99.999 us, msec likewise for ms.
constexpr TimeUnit percentile_unit(std::uint64_t smallest_ns, std::uint64_t largest_ns) noexcept {
    if (smallest_ns > 2'000'000 && largest_ns > 99'999'999) return TimeUnit::msec;
    if (smallest_ns > 2'000 && largest_ns > 99'999) return TimeUnit::usec;
    return TimeUnit::nsec;
}

// A percentile value in `unit`, rounded up by each factor of 1000 as fio does.
constexpr std::uint64_t round_up_to_unit(std::uint64_t ns, TimeUnit unit) noexcept {
    for (std::uint64_t per = ns_per_unit(unit); per > 1; per /= 1000) ns = (ns + 999) / 1000;
    return ns;
}

// ---------------------------------------------------------------------------------
// Dates and durations
// ---------------------------------------------------------------------------------

// A remaining time as fio's progress line shows it: "00m:05s", "01h:01m:36s",
// "01d:01h:00m:57s" (hours only from an hour up, days only from a day up).
inline std::string eta_string(std::uint64_t seconds) {
    const std::uint64_t s = seconds % 60;
    const std::uint64_t m = seconds / 60 % 60;
    const std::uint64_t h = seconds / 3600 % 24;
    const std::uint64_t d = seconds / 86400;
    if (d != 0) return fmt::format("{:02d}d:{:02d}h:{:02d}m:{:02d}s", d, h, m, s);
    if (h != 0) return fmt::format("{:02d}h:{:02d}m:{:02d}s", h, m, s);
    return fmt::format("{:02d}m:{:02d}s", m, s);
}

// "Wed Nov 25 17:54:15 2026": C's ctime() layout in local time, without its newline,
// always in English whatever the locale.
inline std::string ctime_string(std::int64_t epoch_s) {
    static constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                              "Thu", "Fri", "Sat"};
    static constexpr std::array<std::string_view, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::time_t t = static_cast<std::time_t>(epoch_s);
    std::tm tm{};
    if (localtime_r(&t, &tm) == nullptr) return "???";
    return fmt::format("{} {} {:2d} {:02d}:{:02d}:{:02d} {}", kDays[tm.tm_wday % 7],
                       kMonths[tm.tm_mon % 12], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                       static_cast<long long>(tm.tm_year) + 1900);
}

// ---------------------------------------------------------------------------------
// Figures fio derives before printing
// ---------------------------------------------------------------------------------

// fio's bandwidth in bytes/s and IOPS: integer arithmetic over the runtime in ms, 0
// when the runtime is 0. Done in 128 bits so huge byte counts cannot overflow.
constexpr std::uint64_t amount_per_second(std::uint64_t amount, std::uint64_t runtime_ms) noexcept {
    if (runtime_ms == 0) return 0;
    return static_cast<std::uint64_t>(static_cast<unsigned __int128>(amount) * 1000 / runtime_ms);
}

// Share of `part` in `whole` in percent, for fio's distribution tables. A non-zero
// share below `floor` is shown as `floor` (0.01 for latency buckets, 0.1 for I/O
// depths), so that rare events stay visible.
inline double distribution_percent(std::uint64_t part, std::uint64_t whole, double floor) {
    if (whole == 0) return 0.0;
    const double percent = static_cast<double>(part) / static_cast<double>(whole) * 100.0;
    return part != 0 && percent < floor ? floor : percent;
}

inline constexpr double kLatencyPercentFloor = 0.01;
inline constexpr double kDepthPercentFloor = 0.1;

// Labels of the I/O depth distributions, slot by slot (JobResult::depth_levels, and
// depth_submit / depth_complete).
inline constexpr std::array<std::string_view, kDepthSlots> kDepthLevelLabels = {
    "1", "2", "4", "8", "16", "32", ">=64"};
inline constexpr std::array<std::string_view, kDepthSlots> kDepthBatchLabels = {
    "0", "4", "8", "16", "32", "64", ">=64"};

// Label of slot `i` of a latency bucket table with upper bounds `bounds`
// (kLatencyBucketBounds*): the bound itself ("250"), or ">=" the last bound for the
// overflow slot after it (">=2000").
inline std::string latency_bucket_label(std::span<const std::uint32_t> bounds, std::size_t i) {
    if (i < bounds.size()) return fmt::format("{}", bounds[i]);
    return fmt::format(">={}", bounds.empty() ? 0 : bounds.back());
}

// usr/sys CPU in percent as fio reports it: CPU time over the wall time of all threads
// merged into the result (job_runtime_ns sums the threads' wall times, as fio does).
// Under a millisecond of runtime (reported as 0 ms) it is 0, as in fio: a thread's CPU
// times come from the kernel's tick-based accounting, far coarser than such a job (256
// null I/Os in 5 us once showed 22 us of user time, "453%").
inline double cpu_percent(double cpu_ns, const JobResult& job) noexcept {
    return job.job_runtime_ns < 1'000'000
               ? 0.0
               : cpu_ns * 100.0 / static_cast<double>(job.job_runtime_ns);
}

// A job's mean bandwidth (KiB/s) as a share of its group's aggregate bandwidth (B/s):
// the "per=" of the text output and "bw_agg" of JSON. Like fio, the mean is truncated
// to an integer first, the share is capped at 100, and a group without a meaningful
// aggregate (<= 1 KiB/s) yields 100.
inline double percent_of_aggregate(double mean_kib, std::uint64_t aggregate_bytes_per_s) {
    if (aggregate_bytes_per_s <= 1024) return 100.0;
    const double mean = static_cast<double>(static_cast<std::int64_t>(mean_kib));
    const double percent = mean * 100.0 / (static_cast<double>(aggregate_bytes_per_s) / 1024.0);
    return std::min(percent, 100.0);
}

// ---------------------------------------------------------------------------------
// CPU idleness (--idle-prof)
// ---------------------------------------------------------------------------------

// Stock's text: "CPU idleness:" (after a blank line, unless this is --idle-prof=calibrate's
// `calibration_only` report), the system line, each CPU's for percpu, then the unit of
// work's calibration.
inline std::string idleness_text(const CpuIdleness& idleness, bool calibration_only) {
    std::string text = calibration_only ? "CPU idleness:\n" : "\nCPU idleness:\n";
    if (!calibration_only) {
        text += fmt::format("  system: {:3.2f}%\n", idleness.system_percent);
        if (idleness.per_cpu) {
            text += "  percpu: ";
            for (std::size_t i = 0; i < idleness.cpu_percent.size(); ++i) {
                text += fmt::format("{}{:3.2f}%", i ? ", " : "", idleness.cpu_percent[i]);
            }
            text += "\n";
        }
    }
    text += fmt::format("  unit work: mean={:3.2f}us, stddev={:3.2f}\n", idleness.unit_mean_us,
                        idleness.unit_stddev_us);
    return text;
}

}  // namespace fio::sdk
