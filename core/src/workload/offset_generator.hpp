// Where the next I/O goes. A pass covers the region once: sequential patterns walk it
// block by block; random patterns visit each block exactly once through the random
// map (fio's default), or draw blocks independently with norandommap, still issuing
// one pass's worth of blocks.
#pragma once

#include "workload/random_map.hpp"
#include "workload/rng.hpp"

#include <cstdint>
#include <optional>

namespace fio::core {

class OffsetGenerator {
public:
    // `region_bytes` is rounded down to whole blocks.
    OffsetGenerator(std::uint64_t region_bytes, std::uint64_t block_size, bool random,
                    bool use_random_map, std::uint64_t seed);

    std::uint64_t blocks() const noexcept { return blocks_; }
    std::uint64_t block_size() const noexcept { return block_size_; }

    // The byte offset of the next block of this pass; false when the pass is complete.
    bool next(std::uint64_t& offset) noexcept {
        if (issued_ == blocks_) return false;
        ++issued_;
        std::uint64_t block;
        if (!random_) {
            block = issued_ - 1;
        } else if (map_) {
            block = map_->claim(rng_.below(blocks_));
        } else {
            block = rng_.below(blocks_);
        }
        offset = block * block_size_;
        return true;
    }

    void start_new_pass() noexcept;

private:
    std::uint64_t block_size_;
    std::uint64_t blocks_;
    bool random_;
    std::uint64_t issued_ = 0;
    Rng rng_;
    std::optional<RandomMap> map_;
};

}  // namespace fio::core
