// The three hashes stock fio keeps for its own tables (not for verify) and times in
// `fio --crctest`: MurmurHash3 x86_32, stock's jhash (Bob Jenkins' lookup3 as the Linux
// kernel spells it, with two quirks of stock's copy) and stock's fnv (FNV-1 over 64-bit
// words). This build uses them only for --crctest, so each is exactly what stock
// computes, byte for byte, quirks included; see table_hashes.cpp for the quirks.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fio::core {

// MurmurHash3_x86_32 (Austin Appleby, public domain): the published algorithm, blocks
// read little-endian.
std::uint32_t murmur3_32(const void* data, std::size_t length, std::uint32_t seed) noexcept;

// Stock fio's jhash(key, length, initval).
std::uint32_t stock_jhash(const void* data, std::uint32_t length, std::uint32_t initval) noexcept;

// Stock fio's fnv(buf, len, hval).
std::uint64_t stock_fnv(const void* data, std::uint32_t length, std::uint64_t hval) noexcept;

}  // namespace fio::core
