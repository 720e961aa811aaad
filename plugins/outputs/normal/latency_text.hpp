// The latency parts of fio's text report: summary lines ("clat (usec): min=..."),
// percentile tables ("clat percentiles (usec):") and the bucket distribution
// ("lat (usec)   : 50=38.48%, ...").
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <fio/sdk/histogram.hpp>
#include <fio/sdk/result.hpp>

namespace fio::outputs::normal {

// Decimals of the percentile labels: 2 shows every default percentile exactly.
inline constexpr int kDefaultPercentilePrecision = 2;

// Decimals that show every one of `percents` as written: the fewest that print each
// value back to the same double (50:99 -> 0, 25.5:50 -> 1, 99.995 -> 3).
int percentile_precision(std::span<const double> percents);

// "    clat (usec): min=33, max=4418, avg=57.10, stdev=70.49\n"; `label` is the name as
// fio pads it ("slat", "clat", " lat", "sync"). Empty when there are no samples.
std::string latency_line(std::string_view label, const sdk::SampleStats& stats);

// "    clat percentiles (usec):\n     |  1.00th=[   36],  5.00th=[   41], ...\n".
// `percents` must be ascending. Empty when the histogram holds no samples.
std::string percentile_table(std::string_view label, const sdk::LatencyHistogram& histogram,
                             std::span<const double> percents,
                             int precision = kDefaultPercentilePrecision);

// One unit's "  lat (usec)   : 2=87.65%, 4=1.20%, ..." lines, five buckets a line, buckets
// without I/O left out. `bounds` are the table's upper bounds (kLatencyBucketBounds*),
// a count past the last bound is the ">=" slot; shares are of `total_ios`. Empty when
// every bucket is empty.
std::string latency_distribution(std::string_view unit, std::span<const std::uint64_t> counts,
                                 std::span<const std::uint32_t> bounds, std::uint64_t total_ios);

}  // namespace fio::outputs::normal
