#include "workload/block_picker.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numbers>

namespace fio::core {
namespace {

// log1p(x)/x and expm1(x)/x, accurate near 0.
double log1p_over(double x) noexcept {
    if (std::abs(x) > 1e-8) return std::log1p(x) / x;
    return 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x));
}
double expm1_over(double x) noexcept {
    if (std::abs(x) > 1e-8) return std::expm1(x) / x;
    return 1 + x * 0.5 * (1 + x / 3 * (1 + 0.25 * x));
}

std::uint64_t clamp_block(double value, std::uint64_t blocks) noexcept {
    if (!(value >= 0)) return 0;
    if (value >= static_cast<double>(blocks)) return blocks - 1;
    return std::min(static_cast<std::uint64_t>(value), blocks - 1);
}

}  // namespace

BitPermutation::BitPermutation(std::uint64_t values_at_least, std::uint64_t key) noexcept
    : key_(key) {
    bits_ = values_at_least <= 2 ? 1u : static_cast<unsigned>(std::bit_width(values_at_least - 1));
    mask_ = bits_ == 64 ? ~0ull : (1ull << bits_) - 1;
}

std::uint64_t BitPermutation::operator()(std::uint64_t x) const noexcept {
    // Each step is a bijection of bits_-bit values: adding a key, multiplying by an odd
    // number (both modulo 2^bits_) and xor-ing in a right shift of itself.
    const unsigned shift = bits_ / 2 + 1;
    std::uint64_t key = key_;
    for (int round = 0; round < 3; ++round) {
        x = (x + key) & mask_;
        x = (x * 0x9E3779B97F4A7C15ull) & mask_;
        x ^= x >> shift;
        x = (x * 0xBF58476D1CE4E5B9ull) & mask_;
        x ^= x >> shift;
        key = key * 0x94D049BB133111EBull + 0x2545F4914F6CDD1Dull;
    }
    return x;
}

ZipfSampler::ZipfSampler(std::uint64_t n, double theta) noexcept
    : n_(std::max<std::uint64_t>(n, 1)), theta_(theta) {
    h_integral_x1_ = h_integral(1.5) - 1;
    h_integral_n_ = h_integral(static_cast<double>(n_) + 0.5);
    s_ = 2 - h_integral_inverse(h_integral(2.5) - h(2));
}

double ZipfSampler::h(double x) const noexcept { return std::exp(-theta_ * std::log(x)); }

double ZipfSampler::h_integral(double x) const noexcept {
    const double log_x = std::log(x);
    return expm1_over((1 - theta_) * log_x) * log_x;
}

double ZipfSampler::h_integral_inverse(double x) const noexcept {
    double t = x * (1 - theta_);
    if (t < -1) t = -1;  // rounding near the upper end
    return std::exp(log1p_over(t) * x);
}

std::uint64_t ZipfSampler::operator()(Rng& rng) const noexcept {
    // Rejection-inversion: invert the integral of a hat function over [0.5, n + 0.5],
    // accept the nearest rank when it falls under the true mass (almost always).
    while (true) {
        const double u =
            h_integral_n_ + unit_interval(rng) * (h_integral_x1_ - h_integral_n_);
        const double x = h_integral_inverse(u);
        double rounded = std::floor(x + 0.5);
        if (rounded < 1) rounded = 1;
        if (rounded > static_cast<double>(n_)) rounded = static_cast<double>(n_);
        if (rounded - x <= s_ || u >= h_integral(rounded + 0.5) - h(rounded)) {
            return static_cast<std::uint64_t>(rounded);
        }
    }
}

BlockPicker::BlockPicker(const DistributionSpec& distribution, OffsetGeneratorKind generator,
                         std::uint64_t blocks, std::uint64_t unit_bytes, std::uint64_t seed)
    : blocks_(std::max<std::uint64_t>(blocks, 1)),
      parameter_(distribution.parameter),
      center_(distribution.center),
      zipf_(distribution.kind == OffsetDistribution::zipf ? blocks : 1,
            distribution.kind == OffsetDistribution::zipf ? distribution.parameter : 0.5),
      scatter_(blocks_, seed ^ 0xD1B54A32D192ED03ull) {
    switch (distribution.kind) {
        case OffsetDistribution::uniform:
            kind_ = generator == OffsetGeneratorKind::lfsr ? Kind::walk : Kind::uniform;
            break;
        case OffsetDistribution::zipf: kind_ = Kind::zipf; break;
        case OffsetDistribution::pareto: kind_ = Kind::pareto; break;
        case OffsetDistribution::normal: kind_ = Kind::normal; break;
        case OffsetDistribution::zoned:
        case OffsetDistribution::zoned_abs: {
            kind_ = Kind::zoned;
            double access = 0;
            std::uint64_t first = 0;
            for (const AccessZone& zone : distribution.zones) {
                if (first >= blocks_) break;
                std::uint64_t size =
                    distribution.kind == OffsetDistribution::zoned
                        ? static_cast<std::uint64_t>(zone.size_percent / 100 *
                                                     static_cast<double>(blocks_))
                        : zone.size_bytes / unit_bytes;
                size = std::clamp<std::uint64_t>(size, 1, blocks_ - first);
                access += zone.access_percent;
                zones_.push_back({access, first, size});
                first += size;
            }
            if (zones_.empty()) zones_.push_back({100, 0, blocks_});
            zones_.back().access_below = 1e300;  // rounding never falls off the end
            break;
        }
    }
}

std::uint64_t BlockPicker::place_rank(std::uint64_t rank) const noexcept {
    if (center_ >= 0) {
        const auto start = clamp_block(center_ * static_cast<double>(blocks_), blocks_);
        const std::uint64_t to_end = blocks_ - start;
        return rank < to_end ? start + rank : rank - to_end;
    }
    // Scatter: walk the permutation from the rank until it lands inside the region.
    std::uint64_t block = scatter_(rank);
    while (block >= blocks_) block = scatter_(block);
    return block;
}

std::uint64_t BlockPicker::pick_shaped(Rng& rng) noexcept {
    switch (kind_) {
        case Kind::uniform: return rng.below(blocks_);
        case Kind::zipf: return place_rank(zipf_(rng) - 1);
        case Kind::pareto: {
            const double power = std::log(parameter_) / std::log(1 - parameter_);
            const double rank = static_cast<double>(blocks_) * std::pow(unit_interval(rng), power);
            return place_rank(clamp_block(rank, blocks_));
        }
        case Kind::normal: {
            const double mean = (center_ >= 0 ? center_ : 0.5) * static_cast<double>(blocks_);
            const double deviation = parameter_ / 100 * static_cast<double>(blocks_);
            while (true) {
                const double u1 = 1 - unit_interval(rng);  // (0, 1]
                const double u2 = unit_interval(rng);
                const double z = std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
                const double value = std::floor(mean + z * deviation);
                if (value >= 0 && value < static_cast<double>(blocks_)) {
                    return static_cast<std::uint64_t>(value);
                }
                if (deviation == 0) return clamp_block(value, blocks_);
            }
        }
        case Kind::zoned: {
            const double point = unit_interval(rng) * 100;
            std::size_t zone = 0;
            while (point >= zones_[zone].access_below) ++zone;
            return zones_[zone].first + rng.below(zones_[zone].blocks);
        }
        case Kind::walk: {
            // Cycle-walk the bijection of [0, 2^bits) past values beyond the region:
            // every block comes exactly once in each 2^bits steps.
            while (true) {
                const std::uint64_t block = scatter_(walk_++);
                if (block < blocks_) return block;
            }
        }
    }
    return 0;
}

}  // namespace fio::core
