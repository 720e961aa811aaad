// The contents of the buffers a job writes (fio's buffer_pattern, zero_buffers,
// refill_buffers, scramble_buffers, buffer_compress_*, dedupe_*).
//
// Buffers are filled once at setup. Before each write the filler either refills the
// buffer (refill_buffers, implied by compression or dedupe) or scrambles it slightly
// (scramble_buffers, stock fio's default), so that a deduplicating device does not see
// the same block again and again. Neither allocates: both only write into the buffer.
//
// Every filled block comes from a 64-bit seed: a fresh one for a unique block, an
// earlier one for a duplicate (dedupe_percentage). From its seed a block is made of
// chunks (buffer_compress_chunk) that start with random bytes and end with fixed ones
// (zeros, or buffer_pattern), the fixed share being buffer_compress_percentage.
#pragma once

#include "jobs/buffer_spec.hpp"
#include "workload/rng.hpp"

#include <fio/sdk/engine.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace fio::core {

// What the runner does for a BufferSpec, with stock fio 3.33's precedence:
// compression or dedupe over a pattern over zeros over random data; refill implied by
// compression (other than 0 or 100 %) or dedupe unless refill_buffers is given; scramble
// on by default, off by default with zeros or a pattern, never with compression given
// (even 0 %) or dedupe, nor when buffers are refilled anyway.
struct BufferContentPolicy {
    enum class Fill { random, zeros, pattern, seeded_blocks };
    Fill fill = Fill::random;
    bool refill = false;
    bool scramble = true;

    static BufferContentPolicy from(const BufferSpec& spec) noexcept;
    bool operator==(const BufferContentPolicy&) const = default;
};

// The seeds of a clone's first `count` unique blocks: its dedupe working set.
std::vector<std::uint64_t> first_unique_block_seeds(std::uint64_t seed, std::size_t count);

class BufferFiller {
public:
    // `block_size`: the write block size (each block is unique or a duplicate as a
    // whole); `max_buffer`: the largest buffer it will fill; `seed`: this clone's own;
    // `working_set`: the seeds duplicates are drawn from with dedupe_mode=working_set.
    BufferFiller(const BufferSpec& spec, std::uint64_t block_size, std::size_t max_buffer,
                 std::uint64_t seed, std::shared_ptr<const std::vector<std::uint64_t>> working_set);

    // Fills a buffer at setup, before any I/O.
    void fill_initial(void* buffer, std::size_t bytes) noexcept { fill(buffer, bytes); }

    // False when before_write does nothing (writes reuse the buffers as they are).
    bool changes_writes() const noexcept { return policy_.refill || policy_.scramble; }

    // Makes the buffer of a write that is about to be issued (unit.start_ns is set).
    void before_write(sdk::IoUnit& unit) noexcept {
        if (policy_.refill) {
            fill(unit.buffer, unit.length);
        } else if (policy_.scramble) {
            scramble(unit);
        }
    }

    // Fills `bytes` of `buffer` as the policy says (a block at a time when seeded).
    void fill(void* buffer, std::size_t bytes) noexcept;

private:
    std::uint64_t next_block_seed() noexcept;
    void fill_block(std::uint8_t* out, std::size_t bytes, std::uint64_t seed) noexcept;
    void fill_random(std::uint8_t* out, std::size_t bytes, Rng& rng) noexcept;
    void fill_fixed(std::uint8_t* out, std::size_t bytes) noexcept;
    void scramble(sdk::IoUnit& unit) noexcept;

    BufferContentPolicy policy_;
    std::uint64_t block_size_;
    std::uint32_t compress_percentage_;
    std::uint64_t compress_chunk_;
    std::uint32_t dedupe_percentage_;
    DedupeMode dedupe_mode_;
    std::vector<std::uint8_t> fixed_;   // the fixed bytes of a max-size buffer (pattern)
    Rng unique_seeds_;                  // one seed per unique block
    Rng dedupe_choice_;                 // unique or duplicate, and which duplicate
    std::uint64_t last_unique_seed_ = 0;
    bool have_unique_ = false;
    std::shared_ptr<const std::vector<std::uint64_t>> working_set_;
};

}  // namespace fio::core
