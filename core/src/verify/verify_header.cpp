#include "verify/verify_header.hpp"

#include "verify/checksum.hpp"

#include <bit>
#include <cstring>

namespace fio::core {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the verify header is little-endian; a big-endian host needs byte swaps here");

template <typename T>
void put(std::uint8_t* out, std::size_t at, T value) noexcept {
    std::memcpy(out + at, &value, sizeof value);
}

template <typename T>
T get(const std::uint8_t* in, std::size_t at) noexcept {
    T value;
    std::memcpy(&value, in + at, sizeof value);
    return value;
}

}  // namespace

void encode_verify_header(const VerifyHeader& header, std::uint8_t* out) noexcept {
    put(out, 0, header.magic);
    put(out, 2, header.method);
    put(out, 4, header.length);
    put(out, 8, header.seed);
    put(out, 16, header.offset);
    put(out, 24, header.time_s);
    put(out, 28, header.time_ns);
    put(out, 32, header.thread);
    put(out, 34, header.write_number);
    put(out, kVerifyHeaderCrcOffset, verify_header_crc(out));
}

VerifyHeader decode_verify_header(const std::uint8_t* in) noexcept {
    VerifyHeader header;
    header.magic = get<std::uint16_t>(in, 0);
    header.method = get<std::uint16_t>(in, 2);
    header.length = get<std::uint32_t>(in, 4);
    header.seed = get<std::uint64_t>(in, 8);
    header.offset = get<std::uint64_t>(in, 16);
    header.time_s = get<std::uint32_t>(in, 24);
    header.time_ns = get<std::uint32_t>(in, 28);
    header.thread = get<std::uint16_t>(in, 32);
    header.write_number = get<std::uint16_t>(in, 34);
    header.crc = get<std::uint32_t>(in, kVerifyHeaderCrcOffset);
    return header;
}

std::uint32_t verify_header_crc(const std::uint8_t* in) noexcept {
    return fio_crc32c(in, kVerifyHeaderCrcOffset);
}

}  // namespace fio::core
