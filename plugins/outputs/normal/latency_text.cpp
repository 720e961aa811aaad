#include "latency_text.hpp"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include <fmt/format.h>

#include <fio/sdk/format.hpp>

namespace fio::outputs::normal {

namespace {

// fio lays percentile rows out to fit 80 columns after the "     |" margin.
constexpr int kPercentileRowWidth = 80 - 7;
constexpr int kBucketsPerDistributionLine = 5;

int digit_count(std::uint64_t v) {
    int n = 1;
    for (; v >= 10; v /= 10) ++n;
    return n;
}

}  // namespace

std::string latency_line(std::string_view label, const sdk::SampleStats& stats) {
    if (stats.count == 0) return {};
    const sdk::LatencyFigures f =
        sdk::scale_latency(stats.min, stats.max, stats.mean(), stats.stddev());
    // min and max get six digits before fio shortens them ("1644.6k").
    constexpr int kDigits = 6;
    return fmt::format("    {} ({}): min={}, max={}, avg={:5.2f}, stdev={:5.2f}\n", label,
                       sdk::unit_name(f.unit),
                       sdk::scaled_number(f.min, kDigits, false, sdk::NumberUnit::none),
                       sdk::scaled_number(f.max, kDigits, false, sdk::NumberUnit::none), f.mean,
                       f.stddev);
}

int percentile_precision(std::span<const double> percents) {
    // A double has at most 17 significant digits, so 17 decimals always suffice.
    constexpr int kMostDecimals = 17;
    int precision = 0;
    for (const double p : percents) {
        int decimals = precision;
        while (decimals < kMostDecimals &&
               std::strtod(fmt::format("{:.{}f}", p, decimals).c_str(), nullptr) != p) {
            ++decimals;
        }
        precision = decimals;
    }
    return precision;
}

std::string percentile_table(std::string_view label, const sdk::LatencyHistogram& histogram,
                             std::span<const double> percents, int precision) {
    const std::vector<std::uint64_t> values = histogram.percentiles(percents);
    if (values.empty()) return {};

    const auto [smallest, largest] = std::minmax_element(values.begin(), values.end());
    const sdk::TimeUnit unit = sdk::percentile_unit(*smallest, *largest);
    const int value_width = std::max(5, digit_count(*largest / sdk::ns_per_unit(unit)));
    const int per_row = std::max(1, kPercentileRowWidth / (precision + 10 + value_width));

    std::string out = fmt::format("    {} percentiles ({}):\n     |", label, sdk::unit_name(unit));
    for (std::size_t i = 0; i < values.size(); ++i) {
        const bool last = i + 1 == values.size();
        const bool row_start = i % per_row == 0;
        const bool row_end = i % per_row == static_cast<std::size_t>(per_row - 1);
        if (i != 0 && row_start) out += "     |";
        out += fmt::format(" {:{}.{}f}th=[{:{}}]{}", percents[i], precision + 3, precision,
                           sdk::round_up_to_unit(values[i], unit), value_width,
                           last ? '\n' : ',');
        if (!last && row_end) out += '\n';
    }
    return out;
}

std::string latency_distribution(std::string_view unit, std::span<const std::uint64_t> counts,
                                 std::span<const std::uint32_t> bounds, std::uint64_t total_ios) {
    std::string out;
    int on_line = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const double percent =
            sdk::distribution_percent(counts[i], total_ios, sdk::kLatencyPercentFloor);
        if (percent <= 0.0) continue;
        if (on_line == kBucketsPerDistributionLine) {
            out += '\n';
            on_line = 0;
        }
        out += on_line == 0 ? fmt::format("  lat ({})   : ", unit) : std::string(", ");
        out += fmt::format("{}={:3.2f}%", sdk::latency_bucket_label(bounds, i), percent);
        ++on_line;
    }
    if (!out.empty()) out += '\n';
    return out;
}

}  // namespace fio::outputs::normal
