#include "workload/strided_zones.hpp"

#include <algorithm>

namespace fio::core {

StridedZoneWalker::StridedZoneWalker(const ZoneSpec& zones, std::uint64_t start,
                                     std::uint64_t file_end, std::uint64_t block_size,
                                     bool random, ZoneBlockOrder order, std::uint64_t seed)
    : zone_size_(zones.size),
      zone_range_(zones.zone_range()),
      zone_step_(zones.zone_range() + zones.skip),
      start_(start),
      file_end_(file_end),
      block_size_(block_size ? block_size : 1),
      random_(random),
      zone_start_(start),
      position_(start),
      rng_(seed),
      order_(order) {
    const std::uint64_t zone_blocks = zone_range_ / block_size_;
    if (random_ && order_ == ZoneBlockOrder::random_map && zone_blocks > 0) {
        map_.emplace(zone_blocks);
    }
}

void StridedZoneWalker::restart() noexcept {
    zone_start_ = start_;
    position_ = start_;
    zone_bytes_ = 0;
}

void StridedZoneWalker::move_to_next_zone() noexcept {
    zone_bytes_ = 0;
    zone_start_ += zone_step_;
    if (zone_start_ >= file_end_) zone_start_ = start_;
    position_ = zone_start_;
}

bool StridedZoneWalker::next(std::uint64_t length, std::uint64_t& offset) noexcept {
    if (zone_bytes_ >= zone_size_) move_to_next_zone();
    if (random_) {
        if (!next_random(offset)) return false;
    } else {
        // zonesize larger than zonerange: the zone is walked again from its start.
        if (position_ >= zone_start_ + zone_range_) position_ = zone_start_;
        if (position_ + length > file_end_) return false;
        offset = position_;
        position_ += length;
    }
    zone_bytes_ += length;
    return true;
}

bool StridedZoneWalker::next_random(std::uint64_t& offset) noexcept {
    if (zone_start_ >= file_end_) return false;
    // A zone cut short by the end of the file offers only the blocks that fit.
    const std::uint64_t zone_bytes = std::min(zone_range_, file_end_ - zone_start_);
    const std::uint64_t blocks = zone_bytes / block_size_;
    if (blocks == 0) return false;
    std::uint64_t block;
    if (order_ == ZoneBlockOrder::lfsr_walk) {
        block = next_walked(blocks, zone_bytes_ % zone_range_ == 0);
    } else if (map_) {
        // Every zonerange bytes (and whenever a zone begins) each block is due again.
        if (zone_bytes_ % zone_range_ == 0 || map_->used() >= blocks) map_->reset();
        block = map_->claim(rng_.below(blocks));
        if (block >= blocks) {  // only blocks past a shortened zone's end were free
            map_->reset();
            block = map_->claim(rng_.below(blocks));
        }
    } else {
        block = rng_.below(blocks);
    }
    offset = zone_start_ + block * block_size_;
    return true;
}

std::uint64_t StridedZoneWalker::next_walked(std::uint64_t blocks, bool fresh) noexcept {
    if (fresh || blocks != walk_blocks_ || walk_step_ == walk_.size()) {
        walk_ = BitPermutation(blocks, rng_.next());
        walk_step_ = 0;
        walk_blocks_ = blocks;
    }
    // Cycle-walk the permutation of [0, 2^bits) past values beyond the zone: within
    // 2^bits steps every block comes exactly once.
    while (true) {
        const std::uint64_t block = walk_(walk_step_++);
        if (block < blocks) return block;
        if (walk_step_ == walk_.size()) {  // only blocks past a shortened zone were left
            walk_ = BitPermutation(blocks, rng_.next());
            walk_step_ = 0;
        }
    }
}

}  // namespace fio::core
