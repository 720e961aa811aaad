// Where the next I/O goes. A pass covers the region once: sequential patterns walk it
// from the start, each I/O after the end of the one before; random patterns visit each
// block exactly once through the random map (fio's default), or draw blocks from the
// job's distribution (norandommap, blockalign, random_distribution, random_generator),
// issuing one region's worth of bytes per pass.
//
// Blocks are `unit` bytes: random offsets are multiples of it. I/O lengths are chosen
// by the caller (BlockSizeChooser) and may differ per I/O; settle() tells the generator
// the length, so sequential walks move on by it and the random map marks every block
// the I/O covers. As in stock fio, the map is kept at the smallest block size, and a
// random I/O that would run into a block this pass already did is cut short there.
//
// rw's ":N" modifier (stock fio 3.33's offsets, read from its write_iolog):
//   sequential patterns: N bytes are added after each I/O. rw=write:4k with bs=4k over
//     64k writes 0,8k,...,56k, then wraps to 0. A negative N walks backwards: rw=read:-8k
//     reads 0, then 56k, 52k, ..., 4k, 0 and again 56k (a step before the start wraps
//     to the region's end plus N).
//   random patterns: a new random offset every N I/Os; the N-1 I/Os in between follow
//     on sequentially from the previous one (rw_sequencer=sequential) or repeat its
//     offset (identical). They do not use up blocks of the random map; one that would
//     run past the end takes a random offset instead.
//
// percentage_random=N (random patterns): each I/O takes a random offset with N%
// chance and otherwise follows on where the I/O before ended (at 0 past the end), as
// stock fio. Follow-on I/Os do not use up blocks of the map, so such a pass ends by
// bytes (one region's worth), and the map starts over when it fills before.
#pragma once

#include "jobs/shape_spec.hpp"
#include "workload/block_picker.hpp"
#include "workload/random_map.hpp"
#include "workload/rng.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>

namespace fio::core {

struct OffsetShape {
    std::uint64_t region_bytes = 0;
    bool random = false;
    std::uint64_t unit = 4096;        // random offsets are multiples of this
    std::uint64_t min_length = 4096;  // the smallest I/O of the job
    bool use_map = true;              // random only
    DistributionSpec distribution;
    OffsetGeneratorKind generator = OffsetGeneratorKind::tausworthe;
    std::int64_t sequential_skip = 0;   // sequential: bytes added after each I/O
    std::uint64_t ios_per_offset = 1;   // random: I/Os per new random offset
    RwSequencer sequencer = RwSequencer::sequential;
    bool mixes_sequential = false;      // random: some direction's percentage_random < 100
};

class OffsetGenerator {
public:
    OffsetGenerator(const OffsetShape& shape, std::uint64_t seed);
    // One block size, uniform offsets: the common case.
    OffsetGenerator(std::uint64_t region_bytes, std::uint64_t block_size, bool random,
                    bool use_random_map, std::uint64_t seed);

    // Candidate start blocks for random offsets.
    std::uint64_t blocks() const noexcept { return blocks_; }
    // The region, rounded down to whole smallest I/Os: no I/O goes past it.
    std::uint64_t region_bytes() const noexcept { return region_; }
    // Whether the offset next() gave last was a random one.
    bool last_was_random() const noexcept { return last_random_; }

    // The byte offset of the next I/O of this pass; false when the pass is complete.
    // `random_share`: percentage_random of the I/O's direction.
    bool next(std::uint64_t& offset, unsigned random_share = 100) noexcept {
        if (!random_) {
            if (position_ >= region_) return false;
            offset = position_;
            return true;
        }
        if (mixes_sequential_) [[unlikely]] {
            if (pass_bytes_ >= pass_target_ || blocks_ == 0) return false;
            if (rng_.below(100) >= random_share) return follow_on_wrapping(offset);
            if (map_ && map_->full()) map_->reset();
        }
        if (ios_per_offset_ > 1 && in_group_ != 0 && follow_on(offset)) return true;
        return next_random(offset);
    }

    // A random offset moved back (by whole units) so that `length` bytes fit before the
    // region's end: as stock fio draws each direction's offsets only where its smallest
    // block fits (rw=randrw bs=4k,8k never writes the last 4k alone).
    std::uint64_t fit(std::uint64_t offset, std::uint64_t length) const noexcept {
        if (!last_random_ || length > region_ || region_ - offset >= length) return offset;
        return (region_ - length) / unit_ * unit_;
    }

    // The I/O at `offset` is `length` bytes (1 to region_bytes() - offset). Returns the
    // length to issue: shorter when a random I/O runs into a block the map has used,
    // but never below `shortest` (its direction's smallest size: stock fio cuts to whole
    // blocks of that size, so rw=randrw bs=4k,8k never cuts an 8k write).
    std::uint64_t settle(std::uint64_t offset, std::uint64_t length,
                         std::uint64_t shortest = 0) noexcept {
        last_start_ = offset;
        last_end_ = offset + length;
        if (!random_) {
            advance_sequential(offset + length);
            return length;
        }
        if (ios_per_offset_ > 1) in_group_ = in_group_ + 1 == ios_per_offset_ ? 0 : in_group_ + 1;
        if (map_ && last_random_ && length > unit_) {
            length = std::max(mark_covered(offset, length), std::min(length, shortest));
        }
        pass_bytes_ += length;
        return length;
    }

    void start_new_pass() noexcept;

    // Whether next() has no new random or sequential offset left in this pass (a
    // follow-on I/O of rw=randread:N may still come).
    bool pass_complete() const noexcept {
        if (!random_) return position_ >= region_;
        if (map_ && !mixes_sequential_) return map_->full();
        return pass_bytes_ >= pass_target_ || blocks_ == 0;
    }

private:
    static constexpr int kRandomRedraws = 4;

    bool next_random(std::uint64_t& offset) noexcept {
        last_random_ = true;
        if (map_) {
            if (map_->full()) return false;
            // A used block is drawn again a few times before the next free one after it
            // is taken: always taking the next free block turns the last part of a pass
            // into sequential runs (stock's t0020 counts them), which a disk would
            // serve from its readahead.
            std::uint64_t block = rng_.below(blocks_);
            for (int redraw = 0; redraw < kRandomRedraws && map_->is_used(block); ++redraw) {
                block = rng_.below(blocks_);
            }
            offset = map_->claim(block) * unit_;
            return true;
        }
        if (pass_bytes_ >= pass_target_ || blocks_ == 0) return false;
        offset = picker_->pick(rng_) * unit_;
        return true;
    }
    // The I/Os between random ones (rw=randread:N); false: take a random offset.
    bool follow_on(std::uint64_t& offset) noexcept;
    // percentage_random's sequential I/O: after the last one, or at 0 past the end.
    bool follow_on_wrapping(std::uint64_t& offset) noexcept {
        last_random_ = false;
        offset = last_end_ + min_length_ <= region_ ? last_end_ : 0;
        return true;
    }
    void advance_sequential(std::uint64_t end) noexcept;
    // Marks the blocks after the first that an I/O covers; returns its length, cut at
    // the first block already used.
    std::uint64_t mark_covered(std::uint64_t offset, std::uint64_t length) noexcept;

    std::uint64_t region_;
    std::uint64_t unit_;
    std::uint64_t min_length_;
    std::uint64_t blocks_ = 0;
    bool random_;
    std::int64_t skip_;
    std::uint64_t ios_per_offset_;
    RwSequencer sequencer_;
    bool mixes_sequential_;

    std::uint64_t position_ = 0;    // sequential: the next offset
    std::uint64_t pass_bytes_ = 0;  // random without a map: bytes issued this pass
    std::uint64_t pass_target_ = 0;
    std::uint64_t in_group_ = 0;    // rw=randread:N: I/Os since the last random one
    std::uint64_t last_start_ = 0;
    std::uint64_t last_end_ = 0;
    bool last_random_ = false;
    Rng rng_;
    std::optional<RandomMap> map_;
    std::optional<BlockPicker> picker_;
};

}  // namespace fio::core
