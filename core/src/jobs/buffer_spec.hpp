// What goes into the buffers a job writes: fio's "Buffers and memory" content options,
// as given. BufferContentPolicy (workload/buffer_filler.hpp) turns them into what the
// runner does, with stock fio's precedence and implied defaults.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace fio::core {

enum class DedupeMode { repeat, working_set };

struct BufferSpec {
    std::vector<std::uint8_t> pattern;            // buffer_pattern; empty: none
    bool zero_buffers = false;
    std::optional<bool> refill_buffers;           // unset: implied by compress/dedupe
    std::optional<bool> scramble_buffers;         // unset: on unless zeros or a pattern
    std::optional<std::uint32_t> compress_percentage;  // given at all: no scrambling
    std::uint64_t compress_chunk = 512;           // 0: the whole block is one chunk
    std::uint32_t dedupe_percentage = 0;
    DedupeMode dedupe_mode = DedupeMode::repeat;
    std::uint32_t dedupe_working_set_percentage = 5;
    bool dedupe_global = false;

    bool operator==(const BufferSpec&) const = default;
};

}  // namespace fio::core
