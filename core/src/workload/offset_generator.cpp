#include "workload/offset_generator.hpp"

namespace fio::core {

OffsetGenerator::OffsetGenerator(std::uint64_t region_bytes, std::uint64_t block_size,
                                 bool random, bool use_random_map, std::uint64_t seed)
    : block_size_(block_size),
      blocks_(block_size ? region_bytes / block_size : 0),
      random_(random),
      rng_(seed) {
    if (random_ && use_random_map && blocks_ > 0) map_.emplace(blocks_);
}

void OffsetGenerator::start_new_pass() noexcept {
    issued_ = 0;
    if (map_) map_->reset();
}

}  // namespace fio::core
