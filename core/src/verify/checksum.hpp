// The checksums a verify header can carry, each computed by a library (ISA-L, zlib's
// neighbours, xxHash, Nettle, Boost.CRC) with the exact parameters stock fio 3.33
// uses, so that a block written by either tool checks out with the other.
#pragma once

#include "jobs/verify_spec.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fio::core {

// The largest checksum area any method uses (sha512's).
inline constexpr std::size_t kMaxChecksumBytes = 128;

// verify= text to method; "crc32c-intel" is crc32c, "0" is none. nullopt: unknown.
std::optional<VerifyMethod> verify_method_from_name(std::string_view name) noexcept;

// The name stock fio prints in its messages ("crc32c", "sha3-256", "meta", ...).
const char* verify_method_name(VerifyMethod method) noexcept;

// Bytes the method's checksum takes right after the 40-byte header (0 for meta and
// the pattern methods). The sizes are stock fio's, some wider than the digest.
std::size_t checksum_bytes(VerifyMethod method) noexcept;

// True when the method stores a checksum computed over the chunk's data.
bool has_checksum(VerifyMethod method) noexcept;

// Writes the checksum of `data` into `out` (checksum_bytes(method) bytes).
void compute_checksum(VerifyMethod method, const std::uint8_t* data, std::size_t length,
                      std::uint8_t* out) noexcept;

// A checksum as stock fio prints it: CRCs and xxhash as one hex number, digests as
// hex bytes.
std::string format_checksum(VerifyMethod method, const std::uint8_t* checksum);

// crc32c as fio uses it everywhere (the header's own checksum too): initial value all
// ones, no final inversion.
std::uint32_t fio_crc32c(const void* data, std::size_t length) noexcept;

}  // namespace fio::core
