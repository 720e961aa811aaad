// Which block a random I/O goes to when the random map is not used: random_distribution
// (uniform, zipf, pareto, normal, zoned, zoned_abs) or random_generator=lfsr.
//
// Our meanings (stock fio's sequences are not reproduced; the shapes are):
//   uniform     every block equally likely.
//   zipf:T      the block of popularity rank k (1 = hottest) is drawn with probability
//               proportional to k^-T, exactly (rejection-inversion sampling, Hörmann and
//               Derflinger 1996; stock fio uses Gray et al.'s approximation).
//   pareto:H    rank = n * U^(ln H / ln(1-H)) for U uniform in [0,1): a fraction H of
//               the blocks receives a fraction 1-H of the I/O (pareto:0.2 is 80/20), and
//               the same power law holds within every hot prefix.
//   zipf/pareto place their ranks at random over the region (a seeded permutation, as
//               stock scatters them with a hash) unless a center C is given: then the
//               hottest block is the one at C of the region and heat falls off after it,
//               wrapping at the end.
//   normal:D    a normal distribution around C (default 0.5) of the region with a
//               standard deviation of D percent of the region; draws outside it are
//               drawn again. normal:0 always picks the center block.
//   zoned       zones laid one after another from the region's start, each taking its
//               share of the region (zoned) or its size in bytes (zoned_abs); a draw
//               picks a zone by its access percentage, then a block uniformly in it.
//   lfsr        a seeded bijection over the blocks: each block exactly once per pass,
//               with no map (stock uses a linear feedback shift register for the same
//               guarantee).
#pragma once

#include "jobs/shape_spec.hpp"
#include "workload/rng.hpp"

#include <cstdint>
#include <vector>

namespace fio::core {

// A keyed bijection of [0, 2^bits): scatters ranks or walks every value once.
class BitPermutation {
public:
    BitPermutation(std::uint64_t values_at_least, std::uint64_t key) noexcept;
    std::uint64_t operator()(std::uint64_t value) const noexcept;
    std::uint64_t size() const noexcept { return mask_ + 1; }  // 0 for 2^64

private:
    unsigned bits_ = 1;
    std::uint64_t mask_ = 1;
    std::uint64_t key_ = 0;
};

// Zipf over ranks 1..n with exponent theta (> 0, != 1), sampled exactly.
class ZipfSampler {
public:
    ZipfSampler(std::uint64_t n, double theta) noexcept;
    std::uint64_t operator()(Rng& rng) const noexcept;  // 1..n

private:
    double h(double x) const noexcept;
    double h_integral(double x) const noexcept;
    double h_integral_inverse(double x) const noexcept;

    std::uint64_t n_;
    double theta_;
    double h_integral_x1_;
    double h_integral_n_;
    double s_;
};

class BlockPicker {
public:
    // `blocks` >= 1 candidate blocks of `unit_bytes` each.
    BlockPicker(const DistributionSpec& distribution, OffsetGeneratorKind generator,
                std::uint64_t blocks, std::uint64_t unit_bytes, std::uint64_t seed);

    std::uint64_t pick(Rng& rng) noexcept {
        if (kind_ == Kind::uniform) return rng.below(blocks_);
        return pick_shaped(rng);
    }

    // A new pass: lfsr starts its walk again.
    void restart() noexcept { walk_ = 0; }

private:
    enum class Kind { uniform, zipf, pareto, normal, zoned, walk };
    struct Zone {
        double access_below = 0;  // cumulative share of draws up to and including it
        std::uint64_t first = 0;
        std::uint64_t blocks = 0;
    };

    std::uint64_t pick_shaped(Rng& rng) noexcept;
    // Where the block of popularity rank `rank` (0-based) sits.
    std::uint64_t place_rank(std::uint64_t rank) const noexcept;

    Kind kind_ = Kind::uniform;
    std::uint64_t blocks_;
    double parameter_ = 0;
    double center_ = -1;
    std::vector<Zone> zones_;
    ZipfSampler zipf_;
    BitPermutation scatter_;
    std::uint64_t walk_ = 0;
};

// A uniform double in [0, 1).
inline double unit_interval(Rng& rng) noexcept {
    return static_cast<double>(rng.next() >> 11) * 0x1.0p-53;
}

}  // namespace fio::core
