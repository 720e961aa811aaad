// The samples of a stored compressed log (log_store_compressed, "P_bw.1.log.fz"):
// stock fio 3.33 deflates its in-memory struct io_sample records, host byte order, so
// ours are the same bytes and each tool's --inflate-log reads the other's files:
//   u64 time (ms) | u64 value | u32 ddir and flags | u16 priority | 2 bytes zero |
//   u64 block size | u64 offset (only with the offset flag, log_offset)
// The flags say which columns the text has: offset (log_offset) and the full priority
// (log_prio). As stock, a reader takes them from the first sample of each stream.
#pragma once

#include "logs/log_format.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace fio::core {

inline constexpr std::uint32_t kSampleOffsetFlag = 0x80000000u;
inline constexpr std::uint32_t kSamplePrioFlag = 0x40000000u;

inline constexpr std::size_t sample_bytes(bool offset) noexcept { return offset ? 40 : 32; }

// Appends `line` as one sample of a log written in `style`.
void append_sample(std::vector<std::byte>& out, const LogLine& line, LineStyle style);

// Appends the text lines of the whole samples in `raw` (one inflated stream) to `out`,
// exactly as stock's --inflate-log prints them. Returns how many bytes were left over
// after the last whole sample (0 for a sound stream).
std::size_t append_sample_lines(std::span<const std::byte> raw, fmt::memory_buffer& out);

}  // namespace fio::core
