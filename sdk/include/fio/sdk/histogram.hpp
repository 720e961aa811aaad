// fio's latency histogram: 1856 log-linear buckets over nanoseconds.
//
// Values below 128 get a bucket each. Above, every power-of-two range [2^m, 2^(m+1))
// is split into 64 equal buckets, so a bucket's width is at most 1/64 of its lower
// bound and its midpoint is within 1/128 of any value in it. 29 groups of 64 buckets
// reach 2^34 ns (about 17 s); larger values land in the last bucket. Because the
// layout is stock fio's, percentiles and json+ "bins" computed from it equal fio's.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace fio::sdk {

inline constexpr unsigned kHistogramSubBits = 6;                       // 64 buckets a group
inline constexpr unsigned kHistogramGroupSize = 1u << kHistogramSubBits;
inline constexpr unsigned kHistogramGroups = 29;
inline constexpr unsigned kHistogramBuckets = kHistogramGroups * kHistogramGroupSize;  // 1856

// The bucket that counts value `v` (ns).
constexpr unsigned histogram_index(std::uint64_t v) noexcept {
    if (v < 2 * kHistogramGroupSize) return static_cast<unsigned>(v);
    const unsigned msb = 63u - static_cast<unsigned>(std::countl_zero(v));
    const unsigned shift = msb - kHistogramSubBits;
    const std::uint64_t index =
        (shift + 1) * kHistogramGroupSize + ((v >> shift) & (kHistogramGroupSize - 1));
    return index < kHistogramBuckets ? static_cast<unsigned>(index) : kHistogramBuckets - 1;
}

// The value a bucket stands for: the bucket itself below 128, else its midpoint.
constexpr std::uint64_t histogram_value(unsigned index) noexcept {
    if (index < 2 * kHistogramGroupSize) return index;
    const unsigned shift = (index >> kHistogramSubBits) - 1;
    const std::uint64_t base = std::uint64_t{1} << (shift + kHistogramSubBits);
    const std::uint64_t offset = index & (kHistogramGroupSize - 1);
    // (offset + 0.5) * 2^shift, exact because shift >= 1 here.
    return base + (offset << shift) + (std::uint64_t{1} << (shift - 1));
}

// The smallest and the largest value (ns) a bucket counts; the last bucket also counts
// everything above its range.
constexpr std::uint64_t histogram_bucket_low(unsigned index) noexcept {
    if (index < 2 * kHistogramGroupSize) return index;
    const unsigned shift = (index >> kHistogramSubBits) - 1;
    const std::uint64_t base = std::uint64_t{1} << (shift + kHistogramSubBits);
    return base + (std::uint64_t{index & (kHistogramGroupSize - 1)} << shift);
}
constexpr std::uint64_t histogram_bucket_high(unsigned index) noexcept {
    if (index + 1 >= kHistogramBuckets) return UINT64_MAX;
    return histogram_bucket_low(index + 1) - 1;
}

// fio's default clat percentile list.
inline constexpr std::array<double, 17> kDefaultPercentiles = {
    1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 99.5, 99.9, 99.95, 99.99};

struct LatencyHistogram {
    std::array<std::uint64_t, kHistogramBuckets> counts{};

    void add(std::uint64_t ns) noexcept { ++counts[histogram_index(ns)]; }

    void merge(const LatencyHistogram& other) noexcept {
        for (unsigned i = 0; i < kHistogramBuckets; ++i) counts[i] += other.counts[i];
    }

    std::uint64_t total() const noexcept {
        std::uint64_t sum = 0;
        for (auto c : counts) sum += c;
        return sum;
    }

    // For each p in `percents` (ascending, 0 < p <= 100): the value of the first bucket
    // at which the running count reaches p/100 of all samples. Empty when no samples.
    //
    // The threshold is computed the way stock fio 3.33's binary does it, in x87 long
    // double as (n * 0.01L) * p. Plain double arithmetic (p / 100.0 * n) lands on the
    // other side of an integer for some n and p (e.g. n = 12000, p = 99.95) and then
    // reports the neighbouring bucket; checked against stock fio's own exported
    // calc_clat_percentiles over 44,000 histograms.
    std::vector<std::uint64_t> percentiles(std::span<const double> percents) const {
        std::vector<std::uint64_t> values;
        const std::uint64_t n = total();
        if (n == 0) return values;
        values.reserve(percents.size());
        const long double per_percent = static_cast<long double>(n) * 0.01L;
        unsigned bucket = 0;
        std::uint64_t running = counts[0];  // samples in buckets 0..bucket
        for (double p : percents) {
            const long double wanted = per_percent * static_cast<long double>(p);
            while (static_cast<long double>(running) < wanted &&
                   bucket + 1 < kHistogramBuckets) {
                ++bucket;
                running += counts[bucket];
            }
            values.push_back(histogram_value(bucket));
        }
        return values;
    }
};

}  // namespace fio::sdk
