#include "verify/checksum.hpp"

#include <boost/crc.hpp>
#include <fmt/format.h>
#include <isa-l/crc.h>
#include <isa-l/crc64.h>
#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>
#include <nettle/sha3.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace fio::core {
namespace {

struct MethodInfo {
    VerifyMethod method;
    const char* name;
    std::size_t checksum_bytes;
};

// Names as verify= takes them; checksum widths as stock fio lays them out.
constexpr MethodInfo kMethods[] = {
    {VerifyMethod::none, "0", 0},
    {VerifyMethod::meta, "meta", 0},
    {VerifyMethod::md5, "md5", 16},
    {VerifyMethod::crc64, "crc64", 8},
    {VerifyMethod::crc32, "crc32", 4},
    {VerifyMethod::crc32c, "crc32c", 4},
    {VerifyMethod::crc16, "crc16", 2},
    {VerifyMethod::crc7, "crc7", 1},
    {VerifyMethod::sha256, "sha256", 64},
    {VerifyMethod::sha512, "sha512", 128},
    {VerifyMethod::sha3_224, "sha3-224", 28},
    {VerifyMethod::sha3_256, "sha3-256", 32},
    {VerifyMethod::sha3_384, "sha3-384", 48},
    {VerifyMethod::sha3_512, "sha3-512", 64},
    {VerifyMethod::xxhash, "xxhash", 4},
    {VerifyMethod::sha1, "sha1", 20},
    {VerifyMethod::pattern_with_header, "pattern", 0},
    {VerifyMethod::pattern, "pattern", 0},
    {VerifyMethod::null, "null", 0},
};

const MethodInfo* find(VerifyMethod method) noexcept {
    for (const auto& info : kMethods) {
        if (info.method == method) return &info;
    }
    return nullptr;
}

template <typename T>
void store(std::uint8_t* out, T value) noexcept {
    std::memcpy(out, &value, sizeof value);  // little-endian, as fio stores it
}

template <typename Context, auto Init, auto Update, auto Digest>
void nettle_digest(const std::uint8_t* data, std::size_t length, std::uint8_t* out,
                   std::size_t digest_bytes) noexcept {
    Context context;
    Init(&context);
    Update(&context, length, data);
    Digest(&context, digest_bytes, out);
}

// Stock fio 3.33's "sha256" value, reproduced so blocks interoperate: SHA-256's
// compression with the bit length appended little-endian, stored as the final padded
// block with its first 8 bytes replaced by the low byte of each state word.
void stock_sha256(const std::uint8_t* data, std::size_t length, std::uint8_t* out) noexcept {
    sha256_ctx context;
    sha256_init(&context);
    sha256_update(&context, length, data);
    std::array<std::uint8_t, 2 * SHA256_BLOCK_SIZE> tail{};
    const std::size_t used = length % SHA256_BLOCK_SIZE;
    const std::size_t pad = used < 56 ? 56 - used : 120 - used;
    tail[0] = 0x80;
    const std::uint64_t bits = static_cast<std::uint64_t>(length) * 8;
    std::memcpy(tail.data() + pad, &bits, sizeof bits);
    sha256_update(&context, pad + sizeof bits, tail.data());  // completes the last block
    // The last 64 bytes of data + padding + length.
    const std::size_t from_tail = std::min<std::size_t>(SHA256_BLOCK_SIZE, pad + sizeof bits);
    const std::size_t from_data = SHA256_BLOCK_SIZE - from_tail;
    std::memcpy(out, data + length - from_data, from_data);
    std::memcpy(out + from_data, tail.data() + pad + sizeof bits - from_tail, from_tail);
    for (int word = 0; word < 8; ++word) out[word] = static_cast<std::uint8_t>(context.state[word]);
}

// Stock fio 3.33's "sha512" value, reproduced so blocks interoperate: the 128-byte
// work buffer of its SHA-512 after the data went through, which holds the first data
// block overwritten by the final partial one. (It is not a digest of the whole chunk:
// stock checks only those bytes.)
void stock_sha512(const std::uint8_t* data, std::size_t length, std::uint8_t* out) noexcept {
    constexpr std::size_t kBlock = 128;
    if (length < kBlock) {
        std::memcpy(out, data, length);
        return;
    }
    std::memcpy(out, data, kBlock);
    const std::size_t partial = length % kBlock;
    std::memcpy(out, data + length - partial, partial);
}

}  // namespace

std::optional<VerifyMethod> verify_method_from_name(std::string_view name) noexcept {
    if (name == "crc32c-intel") return VerifyMethod::crc32c;
    if (name == "pattern") return VerifyMethod::pattern;
    for (const auto& info : kMethods) {
        if (name == info.name) return info.method;
    }
    return std::nullopt;
}

const char* verify_method_name(VerifyMethod method) noexcept {
    const MethodInfo* info = find(method);
    return info ? info->name : "?";
}

std::size_t checksum_bytes(VerifyMethod method) noexcept {
    const MethodInfo* info = find(method);
    return info ? info->checksum_bytes : 0;
}

bool has_checksum(VerifyMethod method) noexcept { return checksum_bytes(method) != 0; }

std::uint32_t fio_crc32c(const void* data, std::size_t length) noexcept {
    // ISA-L neither inverts the seed nor the result: seed with all ones, keep the rest.
    return crc32_iscsi(static_cast<unsigned char*>(const_cast<void*>(data)),
                       static_cast<int>(length), 0xFFFFFFFFu);
}

void compute_checksum(VerifyMethod method, const std::uint8_t* data, std::size_t length,
                      std::uint8_t* out) noexcept {
    std::memset(out, 0, checksum_bytes(method));
    switch (method) {
        case VerifyMethod::crc32c:
            store(out, fio_crc32c(data, length));
            break;
        case VerifyMethod::crc32:
            // MSB-first CRC-32 (poly 0x04C11DB7), initial 0, no final inversion. ISA-L's
            // crc32_ieee inverts both ends, so feed it and take back the complements.
            store(out, static_cast<std::uint32_t>(~crc32_ieee(0xFFFFFFFFu, data, length)));
            break;
        case VerifyMethod::crc64:
            // Reflected Jones polynomial, initial 0, no final inversion (CRC-64/REDIS).
            store(out, static_cast<std::uint64_t>(~crc64_jones_refl(~0ull, data, length)));
            break;
        case VerifyMethod::crc16: {
            boost::crc_16_type crc;  // CRC-16/ARC: reflected 0x8005, initial 0
            crc.process_bytes(data, length);
            store(out, static_cast<std::uint16_t>(crc.checksum()));
            break;
        }
        case VerifyMethod::crc7: {
            boost::crc_optimal<7, 0x09, 0, 0, false, false> crc;  // CRC-7/MMC
            crc.process_bytes(data, length);
            out[0] = static_cast<std::uint8_t>(crc.checksum());
            break;
        }
        case VerifyMethod::xxhash:
            store(out, static_cast<std::uint32_t>(XXH32(data, length, 1)));  // fio seeds with 1
            break;
        case VerifyMethod::md5:
            nettle_digest<md5_ctx, md5_init, md5_update, md5_digest>(data, length, out,
                                                                     MD5_DIGEST_SIZE);
            break;
        case VerifyMethod::sha1: {
            nettle_digest<sha1_ctx, sha1_init, sha1_update, sha1_digest>(data, length, out,
                                                                       SHA1_DIGEST_SIZE);
            // fio keeps sha1 as five host-order 32-bit words.
            for (std::size_t word = 0; word < SHA1_DIGEST_SIZE; word += 4) {
                std::swap(out[word], out[word + 3]);
                std::swap(out[word + 1], out[word + 2]);
            }
            break;
        }
        case VerifyMethod::sha256:
            stock_sha256(data, length, out);
            break;
        case VerifyMethod::sha512:
            stock_sha512(data, length, out);
            break;
        case VerifyMethod::sha3_224:
            nettle_digest<sha3_224_ctx, sha3_224_init, sha3_224_update, sha3_224_digest>(
                data, length, out, SHA3_224_DIGEST_SIZE);
            break;
        case VerifyMethod::sha3_256:
            nettle_digest<sha3_256_ctx, sha3_256_init, sha3_256_update, sha3_256_digest>(
                data, length, out, SHA3_256_DIGEST_SIZE);
            break;
        case VerifyMethod::sha3_384:
            nettle_digest<sha3_384_ctx, sha3_384_init, sha3_384_update, sha3_384_digest>(
                data, length, out, SHA3_384_DIGEST_SIZE);
            break;
        case VerifyMethod::sha3_512:
            nettle_digest<sha3_512_ctx, sha3_512_init, sha3_512_update, sha3_512_digest>(
                data, length, out, SHA3_512_DIGEST_SIZE);
            break;
        default:
            break;
    }
}

std::string format_checksum(VerifyMethod method, const std::uint8_t* checksum) {
    auto number = [&](auto zero) {
        decltype(zero) value;
        std::memcpy(&value, checksum, sizeof value);
        return fmt::format("{:0{}x}", value, 2 * sizeof value);
    };
    switch (method) {
        case VerifyMethod::crc32c:
        case VerifyMethod::crc32:
        case VerifyMethod::xxhash:
            return number(std::uint32_t{});
        case VerifyMethod::crc64:
            return number(std::uint64_t{});
        case VerifyMethod::crc16:
            return number(std::uint16_t{});
        case VerifyMethod::crc7:
            return fmt::format("{:02x}", checksum[0]);
        default:
            break;
    }
    std::string text;
    const std::size_t bytes = checksum_bytes(method);
    for (std::size_t i = 0; i < bytes; ++i) text += fmt::format("{:02x}", checksum[i]);
    return text;
}

}  // namespace fio::core
