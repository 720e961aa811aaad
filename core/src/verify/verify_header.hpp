// The 40-byte header stock fio 3.33 writes at the start of every verified chunk, and
// its codec. Layout (little-endian):
//   0 magic u16 (0xACCA)   2 method u16      4 chunk length u32   8 data seed u64
//  16 offset u64          24 time s u32     28 time ns u32       32 thread u16
//  34 write number u16    36 crc32c of bytes 0..35 (fio_crc32c)
// The method's checksum (checksum_bytes wide) follows right after it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fio::core {

inline constexpr std::uint16_t kVerifyMagic = 0xACCA;
inline constexpr std::size_t kVerifyHeaderBytes = 40;
inline constexpr std::size_t kVerifyHeaderCrcOffset = 36;

struct VerifyHeader {
    std::uint16_t magic = kVerifyMagic;
    std::uint16_t method = 0;
    std::uint32_t length = 0;       // bytes of the chunk this header covers
    std::uint64_t seed = 0;         // seed of the chunk's random data (0 with a pattern)
    std::uint64_t offset = 0;       // where the chunk sits in the file
    std::uint32_t time_s = 0;       // when it was written (monotonic clock)
    std::uint32_t time_ns = 0;
    std::uint16_t thread = 0;
    std::uint16_t write_number = 0; // the job's write count, truncated to 16 bits
    std::uint32_t crc = 0;          // fio_crc32c of the 36 bytes before it

    bool operator==(const VerifyHeader&) const = default;
};

// Writes `header` at `out` with a freshly computed crc (the `crc` field is ignored).
void encode_verify_header(const VerifyHeader& header, std::uint8_t* out) noexcept;

// Reads the header at `in` as stored, crc included.
VerifyHeader decode_verify_header(const std::uint8_t* in) noexcept;

// The crc a header at `in` should carry.
std::uint32_t verify_header_crc(const std::uint8_t* in) noexcept;

}  // namespace fio::core
