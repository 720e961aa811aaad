#include "workload/offset_generator.hpp"

namespace fio::core {
namespace {

OffsetShape fixed_shape(std::uint64_t region_bytes, std::uint64_t block_size, bool random,
                        bool use_random_map) {
    OffsetShape shape;
    shape.region_bytes = region_bytes;
    shape.random = random;
    shape.unit = block_size;
    shape.min_length = block_size;
    shape.use_map = use_random_map;
    return shape;
}

}  // namespace

OffsetGenerator::OffsetGenerator(std::uint64_t region_bytes, std::uint64_t block_size,
                                 bool random, bool use_random_map, std::uint64_t seed)
    : OffsetGenerator(fixed_shape(region_bytes, block_size, random, use_random_map), seed) {}

OffsetGenerator::OffsetGenerator(const OffsetShape& shape, std::uint64_t seed)
    : region_(shape.min_length ? shape.region_bytes - shape.region_bytes % shape.min_length : 0),
      unit_(shape.unit),
      min_length_(shape.min_length),
      random_(shape.random),
      skip_(shape.sequential_skip),
      ios_per_offset_(shape.ios_per_offset ? shape.ios_per_offset : 1),
      sequencer_(shape.sequencer),
      mixes_sequential_(shape.random && shape.mixes_sequential),
      pass_target_(region_),
      rng_(seed) {
    if (!random_ || min_length_ == 0 || unit_ == 0 || region_ < min_length_) return;
    // Every start from which the smallest I/O still fits.
    blocks_ = (region_ - min_length_) / unit_ + 1;
    if (shape.use_map) {
        map_.emplace(blocks_);
    } else {
        picker_.emplace(shape.distribution, shape.generator, blocks_, unit_, seed ^ 0x6A09E667F3BCC909ull);
    }
}

void OffsetGenerator::start_new_pass() noexcept {
    position_ = 0;
    pass_bytes_ = 0;
    in_group_ = 0;
    if (map_) map_->reset();
    if (picker_) picker_->restart();
}

void OffsetGenerator::advance_sequential(std::uint64_t end) noexcept {
    if (skip_ == 0) {
        position_ = end;
        return;
    }
    const auto next = static_cast<std::int64_t>(end) + skip_;
    const auto region = static_cast<std::int64_t>(region_);
    if (skip_ > 0 && next < region && next + static_cast<std::int64_t>(min_length_) > region) {
        // As stock: a forward walk whose skip lands inside the region with no room for
        // another I/O ends the pass (rw=read:512k bs=1m over 128m reads 85 blocks); one
        // that lands at or past the end starts again at 0.
        position_ = region_;
        return;
    }
    if (next < 0 || next + static_cast<std::int64_t>(min_length_) > region) {
        // Off either end: forward walks start again at 0, backward ones at the end.
        const std::int64_t wrapped = skip_ > 0 ? 0 : region + skip_;
        position_ = wrapped < 0 ? 0 : static_cast<std::uint64_t>(wrapped);
        return;
    }
    position_ = static_cast<std::uint64_t>(next);
}

bool OffsetGenerator::follow_on(std::uint64_t& offset) noexcept {
    const std::uint64_t candidate = sequencer_ == RwSequencer::identical ? last_start_ : last_end_;
    if (candidate + min_length_ > region_) return false;
    last_random_ = false;
    offset = candidate;
    return true;
}

std::uint64_t OffsetGenerator::mark_covered(std::uint64_t offset, std::uint64_t length) noexcept {
    const std::uint64_t first = offset / unit_;
    const std::uint64_t count = (length + unit_ - 1) / unit_;
    for (std::uint64_t i = 1; i < count; ++i) {
        const std::uint64_t block = first + i;
        if (block >= blocks_) break;  // the tail past the last start: not in the map
        if (!map_->claim_exact(block)) return i * unit_;
    }
    return length;
}

}  // namespace fio::core
