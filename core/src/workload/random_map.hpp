// Which blocks of a file this pass has already touched, so random I/O visits every
// block exactly once per pass (fio's default unless norandommap is set).
//
// A hierarchical bitmap. Level 0 holds one bit per block in 64-bit words. Each level
// above holds one bit per word of the level below, set when that word is full, up to a
// single top word. Finding the next free block climbs only while the current word has
// nothing free, then descends along the first clear summary bits, so a claim costs
// O(levels) word operations (5 levels for 2^30 blocks) however full the map is, where a
// linear scan costs hundreds of ns per I/O once the map fills.
//
// Bits past the last block (and past the last word of each level) are set at
// construction and on reset, so they read as "used" and are never handed out.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace fio::core {

class RandomMap {
public:
    static constexpr std::uint64_t kNoBlock = ~0ull;

    // Allocates everything the map will ever need; nothing is allocated afterwards.
    explicit RandomMap(std::uint64_t blocks);

    std::uint64_t blocks() const noexcept { return blocks_; }
    std::uint64_t used() const noexcept { return used_; }
    bool full() const noexcept { return used_ == blocks_; }

    // False for a block beyond the end.
    bool is_used(std::uint64_t block) const noexcept;

    // Claims `block` if free; otherwise the next free block after it, wrapping to 0 at
    // the end (a `block` beyond the end wraps straight to 0). Returns the claimed block,
    // or kNoBlock when every block is used.
    std::uint64_t claim(std::uint64_t block) noexcept;

    // Claims exactly `block` (< blocks()); false, changing nothing, when it is used.
    bool claim_exact(std::uint64_t block) noexcept {
        if (is_used(block)) return false;
        mark_used(block);
        return true;
    }

    // Starts a new pass: every block is free again.
    void reset() noexcept;

private:
    static constexpr unsigned kWordBits = 64;
    static constexpr unsigned kMaxLevels = 11;  // 64^11 > 2^64

    struct Level {
        std::size_t first_word;  // index into words_
        std::size_t word_count;
    };

    std::uint64_t* level_words(unsigned level) noexcept {
        return &words_[levels_[level].first_word];
    }
    const std::uint64_t* level_words(unsigned level) const noexcept {
        return &words_[levels_[level].first_word];
    }

    // The first free block at or after bit `position` of level 0, or kNoBlock when there
    // is none before the end.
    std::uint64_t find_free_from(std::uint64_t position) const noexcept;

    // The first free block below the clear bit `bit` of `level`.
    std::uint64_t descend(unsigned level, std::uint64_t bit) const noexcept;

    // Sets bit `block` of level 0 and every summary bit that becomes due.
    void mark_used(std::uint64_t block) noexcept;

    std::uint64_t blocks_;
    std::uint64_t used_ = 0;
    unsigned level_count_ = 0;
    std::array<Level, kMaxLevels> levels_{};
    std::vector<std::uint64_t> words_;  // all levels, level 0 first
};

}  // namespace fio::core
