#include "workload/buffer_filler.hpp"

#include <algorithm>
#include <cstring>

namespace fio::core {
namespace {

// Distinct streams from one clone seed: block seeds and dedupe choices.
constexpr std::uint64_t kDedupeStream = 0xD1B54A32D192ED03ull;
// Stock fio scrambles in 512-byte sectors, one 64-byte cache line of each.
constexpr std::size_t kScrambleSector = 512;
constexpr std::size_t kCacheLine = 64;

}  // namespace

BufferContentPolicy BufferContentPolicy::from(const BufferSpec& spec) noexcept {
    BufferContentPolicy policy;
    const std::uint32_t compress = spec.compress_percentage.value_or(0);
    const bool seeded = spec.compress_percentage.has_value() || spec.dedupe_percentage > 0;
    if (seeded) {
        policy.fill = Fill::seeded_blocks;
    } else if (!spec.pattern.empty()) {
        policy.fill = Fill::pattern;
    } else if (spec.zero_buffers) {
        policy.fill = Fill::zeros;
    }
    const bool refill_implied = (compress > 0 && compress < 100) || spec.dedupe_percentage > 0;
    policy.refill = spec.refill_buffers.value_or(refill_implied);
    policy.scramble = spec.scramble_buffers.value_or(spec.pattern.empty() && !spec.zero_buffers);
    if (policy.refill || seeded) policy.scramble = false;
    return policy;
}

std::vector<std::uint64_t> first_unique_block_seeds(std::uint64_t seed, std::size_t count) {
    Rng seeds(seed);
    std::vector<std::uint64_t> out(count);
    for (auto& s : out) s = seeds.next();
    return out;
}

BufferFiller::BufferFiller(const BufferSpec& spec, std::uint64_t block_size,
                           std::size_t max_buffer, std::uint64_t seed,
                           std::shared_ptr<const std::vector<std::uint64_t>> working_set)
    : policy_(BufferContentPolicy::from(spec)),
      block_size_(std::max<std::uint64_t>(block_size, 1)),
      compress_percentage_(spec.compress_percentage.value_or(0)),
      compress_chunk_(spec.compress_chunk),
      dedupe_percentage_(spec.dedupe_percentage),
      dedupe_mode_(spec.dedupe_mode),
      fixed_(max_buffer, 0),
      unique_seeds_(seed),
      dedupe_choice_(seed ^ kDedupeStream),
      working_set_(std::move(working_set)) {
    if (!spec.pattern.empty()) {
        for (std::size_t i = 0; i < fixed_.size(); ++i) fixed_[i] = spec.pattern[i % spec.pattern.size()];
    }
    if (dedupe_mode_ == DedupeMode::working_set && (!working_set_ || working_set_->empty())) {
        dedupe_mode_ = DedupeMode::repeat;  // an empty working set: repeat the last block
    }
}

void BufferFiller::fill(void* buffer, std::size_t bytes) noexcept {
    auto* out = static_cast<std::uint8_t*>(buffer);
    switch (policy_.fill) {
        case BufferContentPolicy::Fill::zeros:
            std::memset(out, 0, bytes);
            return;
        case BufferContentPolicy::Fill::pattern:
            fill_fixed(out, bytes);
            return;
        case BufferContentPolicy::Fill::random:
        case BufferContentPolicy::Fill::seeded_blocks:
            for (std::size_t done = 0; done < bytes; done += block_size_) {
                const std::size_t piece = std::min<std::size_t>(block_size_, bytes - done);
                fill_block(out + done, piece, next_block_seed());
            }
            return;
    }
}

std::uint64_t BufferFiller::next_block_seed() noexcept {
    if (dedupe_percentage_ > 0 && dedupe_choice_.below(100) < dedupe_percentage_) {
        if (dedupe_mode_ == DedupeMode::working_set) {
            return (*working_set_)[dedupe_choice_.below(working_set_->size())];
        }
        if (have_unique_) return last_unique_seed_;
    }
    last_unique_seed_ = unique_seeds_.next();
    have_unique_ = true;
    return last_unique_seed_;
}

void BufferFiller::fill_block(std::uint8_t* out, std::size_t bytes, std::uint64_t seed) noexcept {
    Rng rng(seed);
    if (compress_percentage_ == 0) {
        fill_random(out, bytes, rng);
        return;
    }
    const std::size_t chunk =
        compress_chunk_ ? std::min<std::size_t>(compress_chunk_, bytes) : bytes;
    for (std::size_t done = 0; done < bytes; done += chunk) {
        const std::size_t piece = std::min(chunk, bytes - done);
        const std::size_t random = piece * (100 - compress_percentage_) / 100;
        fill_random(out + done, random, rng);
        fill_fixed(out + done + random, piece - random);
    }
}

void BufferFiller::fill_random(std::uint8_t* out, std::size_t bytes, Rng& rng) noexcept {
    std::size_t i = 0;
    for (; i + sizeof(std::uint64_t) <= bytes; i += sizeof(std::uint64_t)) {
        const std::uint64_t word = rng.next();
        std::memcpy(out + i, &word, sizeof word);
    }
    if (i < bytes) {
        const std::uint64_t word = rng.next();
        std::memcpy(out + i, &word, bytes - i);
    }
}

void BufferFiller::fill_fixed(std::uint8_t* out, std::size_t bytes) noexcept {
    std::memcpy(out, fixed_.data(), std::min(bytes, fixed_.size()));
}

// Stamps every 512-byte sector with its own file offset (in one of its eight cache
// lines, chosen per I/O) and the I/O's start time (at the end of its first line): two
// writes of the same buffer never leave identical sectors behind, for a few stores.
void BufferFiller::scramble(sdk::IoUnit& unit) noexcept {
    auto* p = static_cast<std::uint8_t*>(unit.buffer);
    const std::size_t line = ((unit.start_ns ^ unit.offset) & 7) * kCacheLine;
    std::uint64_t offset = unit.offset;
    const std::uint64_t stamp[2] = {unit.start_ns, unit.offset ^ unit.start_ns};
    for (std::size_t at = 0; at + kScrambleSector <= unit.length; at += kScrambleSector) {
        std::memcpy(p + at + line, &offset, sizeof offset);
        std::memcpy(p + at + kCacheLine - sizeof stamp, stamp, sizeof stamp);
        offset += kScrambleSector;
    }
}

}  // namespace fio::core
