#include "verify/verify_header.hpp"

#include "util/byte_fields.hpp"
#include "verify/checksum.hpp"

#include <bit>
#include <cstring>

namespace fio::core {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the verify header is little-endian; a big-endian host needs byte swaps here");

}  // namespace

void encode_verify_header(const VerifyHeader& header, std::uint8_t* out) noexcept {
    put_field(out, 0, header.magic);
    put_field(out, 2, header.method);
    put_field(out, 4, header.length);
    put_field(out, 8, header.seed);
    put_field(out, 16, header.offset);
    put_field(out, 24, header.time_s);
    put_field(out, 28, header.time_ns);
    put_field(out, 32, header.thread);
    put_field(out, 34, header.write_number);
    put_field(out, kVerifyHeaderCrcOffset, verify_header_crc(out));
}

VerifyHeader decode_verify_header(const std::uint8_t* in) noexcept {
    VerifyHeader header;
    header.magic = get_field<std::uint16_t>(in, 0);
    header.method = get_field<std::uint16_t>(in, 2);
    header.length = get_field<std::uint32_t>(in, 4);
    header.seed = get_field<std::uint64_t>(in, 8);
    header.offset = get_field<std::uint64_t>(in, 16);
    header.time_s = get_field<std::uint32_t>(in, 24);
    header.time_ns = get_field<std::uint32_t>(in, 28);
    header.thread = get_field<std::uint16_t>(in, 32);
    header.write_number = get_field<std::uint16_t>(in, 34);
    header.crc = get_field<std::uint32_t>(in, kVerifyHeaderCrcOffset);
    return header;
}

std::uint32_t verify_header_crc(const std::uint8_t* in) noexcept {
    return fio_crc32c(in, kVerifyHeaderCrcOffset);
}

}  // namespace fio::core
