#include "workload/random_map.hpp"

#include <algorithm>
#include <bit>

namespace fio::core {
namespace {

constexpr std::uint64_t kAllSet = ~0ull;

// Words needed for `bits` bits, written so it cannot overflow near 2^64.
constexpr std::uint64_t words_for(std::uint64_t bits) noexcept {
    return bits / 64 + (bits % 64 != 0 ? 1 : 0);
}

}  // namespace

RandomMap::RandomMap(std::uint64_t blocks) : blocks_(blocks) {
    // Even an empty map gets one (pre-filled) word, so every path below has a top word.
    std::uint64_t count = std::max<std::uint64_t>(1, words_for(blocks));
    std::size_t total = 0;
    while (true) {
        levels_[level_count_++] = Level{total, static_cast<std::size_t>(count)};
        total += static_cast<std::size_t>(count);
        if (count == 1) break;
        count = words_for(count);
    }
    words_.assign(total, 0);
    reset();
}

void RandomMap::reset() noexcept {
    std::fill(words_.begin(), words_.end(), 0);
    used_ = 0;
    // Pre-set the bits past the end of each level so they read as used. Bottom-up, so a
    // last word that this fills completely (only when blocks == 0) is summarised above.
    for (unsigned level = 0; level < level_count_; ++level) {
        const std::uint64_t valid_bits = level == 0 ? blocks_ : levels_[level - 1].word_count;
        const std::size_t last = levels_[level].word_count - 1;
        const std::uint64_t valid_in_last = valid_bits - static_cast<std::uint64_t>(last) * 64;
        std::uint64_t& word = level_words(level)[last];
        if (valid_in_last < kWordBits) word |= kAllSet << valid_in_last;
        if (word == kAllSet && level + 1 < level_count_) {
            level_words(level + 1)[last / 64] |= 1ull << (last % 64);
        }
    }
}

bool RandomMap::is_used(std::uint64_t block) const noexcept {
    if (block >= blocks_) return false;
    return (level_words(0)[block / 64] >> (block % 64)) & 1u;
}

std::uint64_t RandomMap::claim(std::uint64_t block) noexcept {
    if (full()) return kNoBlock;
    std::uint64_t found = block < blocks_ ? find_free_from(block) : kNoBlock;
    if (found == kNoBlock) {
        // Nothing free from `block` to the end: wrap to the first free block overall,
        // which the top word leads to directly.
        const unsigned top = level_count_ - 1;
        found = descend(top, static_cast<unsigned>(std::countr_one(level_words(top)[0])));
    }
    mark_used(found);
    return found;
}

std::uint64_t RandomMap::find_free_from(std::uint64_t position) const noexcept {
    // Look in the rest of the current word; if it has nothing free, move up a level and
    // look from the next word's summary bit on. The first clear bit found leads down to
    // a free block.
    for (unsigned level = 0; level < level_count_; ++level) {
        const std::uint64_t word_index = position / 64;
        if (word_index < levels_[level].word_count) {
            const std::uint64_t free_bits =
                ~level_words(level)[word_index] & (kAllSet << (position % 64));
            if (free_bits != 0) {
                return descend(level, word_index * 64 +
                                          static_cast<unsigned>(std::countr_zero(free_bits)));
            }
        }
        position = word_index + 1;
    }
    return kNoBlock;
}

std::uint64_t RandomMap::descend(unsigned level, std::uint64_t bit) const noexcept {
    // A clear summary bit means the word below has a clear bit: follow the first one.
    while (level > 0) {
        --level;
        const std::uint64_t word = level_words(level)[bit];
        bit = bit * 64 + static_cast<unsigned>(std::countr_one(word));
    }
    return bit;
}

void RandomMap::mark_used(std::uint64_t block) noexcept {
    ++used_;
    std::uint64_t index = block;
    for (unsigned level = 0; level < level_count_; ++level) {
        std::uint64_t& word = level_words(level)[index / 64];
        word |= 1ull << (index % 64);
        if (word != kAllSet) return;  // the summary above only changes when a word fills
        index /= 64;
    }
}

}  // namespace fio::core
