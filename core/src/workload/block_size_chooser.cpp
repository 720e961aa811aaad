#include "workload/block_size_chooser.hpp"

#include <algorithm>

namespace fio::core {
namespace {

// Redraws before settling for the largest size that fits.
constexpr int kDrawsToFit = 16;

}  // namespace

BlockSizeRule block_size_rule(const JobSpec& job, int direction) {
    BlockSizeRule rule;
    const BlockSizeSplit& split = job.shapes.bssplit[direction];
    if (!split.empty()) {
        rule.min = ~0ull;
        for (const auto& share : split) {
            rule.min = std::min(rule.min, share.size);
            rule.max = std::max(rule.max, share.size);
        }
        if (rule.min != rule.max) rule.split = split;
        return rule;
    }
    rule.min = job.block_size[direction];
    rule.max = std::max(rule.min, job.shapes.max_block_size[direction]);
    return rule;
}

std::uint64_t largest_block_size(const JobSpec& job) {
    std::uint64_t largest = 0;
    for (int dir = 0; dir < 3; ++dir) largest = std::max(largest, block_size_rule(job, dir).max);
    return largest;
}

std::uint64_t smallest_block_size(const JobSpec& job, int direction) {
    if (!job.shapes.bs_is_seq_rand) return block_size_rule(job, direction).min;
    return block_size_rule(job, is_random(job.rw) ? 1 : 0).min;
}

BlockSizeChooser::BlockSizeChooser(const JobSpec& job, std::uint64_t seed)
    : seq_rand_(job.shapes.bs_is_seq_rand), unaligned_(job.shapes.bs_unaligned), rng_(seed) {
    for (int dir = 0; dir < 3; ++dir) rules_[dir] = block_size_rule(job, dir);
}

std::uint64_t BlockSizeChooser::aligned(const BlockSizeRule& rule,
                                        std::uint64_t length) const noexcept {
    if (!unaligned_) length -= length % rule.min;
    return std::min(length, rule.max);
}

std::uint64_t BlockSizeChooser::pick_variable(const BlockSizeRule& rule,
                                              std::uint64_t room) noexcept {
    if (rule.min > room) return room;
    for (int draw = 0; draw < kDrawsToFit; ++draw) {
        if (rule.split.empty()) {
            const std::uint64_t length = aligned(rule, rule.min + rng_.below(rule.max));
            if (length <= room) return length;
            continue;
        }
        // Walk the shares (ascending by percent) to the drawn one, then on to the
        // first that fits.
        const std::uint64_t point = rng_.below(100);
        std::uint64_t below = 0;
        bool reached = false;
        for (const BlockSizeShare& share : rule.split) {
            below += share.percent;
            if (!reached && point >= below) continue;
            reached = true;
            if (share.percent == 0) continue;
            const std::uint64_t length = aligned(rule, share.size);
            if (length <= room) return length;
        }
    }
    return unaligned_ ? std::min(room, rule.max) : aligned(rule, room);
}

}  // namespace fio::core
