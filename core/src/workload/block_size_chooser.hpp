// How long each I/O is: bs (one size), bsrange (MIN-MAX) or bssplit (weighted sizes),
// per direction, as stock fio 3.33 draws them (checked by counting the sizes in its
// write_iolog over 60000 I/Os):
//   bsrange   a value drawn uniformly from [MIN, MIN + MAX), rounded down to a multiple
//             of MIN (unless bs_unaligned), then capped at MAX: bsrange=4k-10k issues
//             4k 40%, 8k 40%, 10k 20%; bs_unaligned=1 bsrange=1000-3000 issues 3000
//             a third of the time.
//   bssplit   each size with its percentage; sizes are rounded down to a multiple of
//             the smallest one too (unless bs_unaligned).
//   near the end of the region an I/O must fit: a drawn size that does not is replaced
//   by the next entry of the split that does, or drawn again; after a few tries the
//   largest size that fits is used. When not even the smallest fits, the I/O is cut
//   to what is left (as a fixed bs is).
//   bs_is_seq_rand=1 reads the READ settings as the sizes of sequential I/O and the
//   WRITE settings as those of random I/O, whatever the direction.
#pragma once

#include "jobs/job_spec.hpp"
#include "workload/rng.hpp"

#include <array>
#include <cstdint>

namespace fio::core {

// One direction's block sizes, resolved from bs, bsrange and bssplit.
struct BlockSizeRule {
    std::uint64_t min = 0;
    std::uint64_t max = 0;
    BlockSizeSplit split;  // empty: a size in [min, max] as bsrange draws it

    bool fixed() const noexcept { return min == max; }
};

BlockSizeRule block_size_rule(const JobSpec& job, int direction);

// The largest I/O the job can issue (buffers are this big).
std::uint64_t largest_block_size(const JobSpec& job);

// The smallest I/O a direction of the job can issue, after bs_is_seq_rand.
std::uint64_t smallest_block_size(const JobSpec& job, int direction);

class BlockSizeChooser {
public:
    BlockSizeChooser(const JobSpec& job, std::uint64_t seed);

    // The length of the next I/O in `direction` (0 read, 1 write), at most `room`
    // bytes (room >= 1). `random` says whether its offset was random (bs_is_seq_rand).
    std::uint64_t pick(int direction, bool random, std::uint64_t room) noexcept {
        const BlockSizeRule& rule = rules_[seq_rand_ ? (random ? 1 : 0) : direction];
        if (rule.fixed()) return rule.min <= room ? rule.min : room;
        return pick_variable(rule, room);
    }

    // The smallest length pick() draws for `direction` (before cutting to the room).
    std::uint64_t smallest(int direction, bool random) const noexcept {
        return rules_[seq_rand_ ? (random ? 1 : 0) : direction].min;
    }

private:
    std::uint64_t pick_variable(const BlockSizeRule& rule, std::uint64_t room) noexcept;
    std::uint64_t aligned(const BlockSizeRule& rule, std::uint64_t length) const noexcept;

    std::array<BlockSizeRule, 3> rules_;
    bool seq_rand_ = false;
    bool unaligned_ = false;
    Rng rng_;
};

}  // namespace fio::core
