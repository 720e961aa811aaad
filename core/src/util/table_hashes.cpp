#include "util/table_hashes.hpp"

#include <bit>
#include <cstring>

namespace fio::core {
namespace {

// Words are read through memcpy: the buffer need not be aligned.
std::uint32_t load_le32(const unsigned char* p) noexcept {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

std::uint64_t load_native64(const unsigned char* p) noexcept {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    return word;
}

// MurmurHash3's finaliser: every input bit flips each output bit with probability 1/2.
std::uint32_t murmur_mix(std::uint32_t h) noexcept {
    h ^= h >> 16;
    h *= 0x85ebca6bU;
    h ^= h >> 13;
    h *= 0xc2b2ae35U;
    h ^= h >> 16;
    return h;
}

// One 32-bit block (or the zero-padded tail) scrambled before it enters the state.
std::uint32_t murmur_scramble(std::uint32_t k) noexcept {
    k *= 0xcc9e2d51U;
    k = std::rotl(k, 15);
    k *= 0x1b873593U;
    return k;
}

// lookup3's mix(): three 32-bit words mixed reversibly.
void jenkins_mix(std::uint32_t& a, std::uint32_t& b, std::uint32_t& c) noexcept {
    a -= c; a ^= std::rotl(c, 4);  c += b;
    b -= a; b ^= std::rotl(a, 6);  a += c;
    c -= b; c ^= std::rotl(b, 8);  b += a;
    a -= c; a ^= std::rotl(c, 16); c += b;
    b -= a; b ^= std::rotl(a, 19); a += c;
    c -= b; c ^= std::rotl(b, 4);  b += a;
}

// lookup3's final(): the last mixing of (a, b, c) into c.
void jenkins_final(std::uint32_t& a, std::uint32_t& b, std::uint32_t& c) noexcept {
    c ^= b; c -= std::rotl(b, 14);
    a ^= c; a -= std::rotl(c, 11);
    b ^= a; b -= std::rotl(a, 25);
    c ^= b; c -= std::rotl(b, 16);
    a ^= c; a -= std::rotl(c, 4);
    b ^= a; b -= std::rotl(a, 14);
    c ^= b; c -= std::rotl(b, 24);
}

// The kernel's JHASH_INITVAL is 0xdeadbeef; stock's copy uses the 32-bit golden ratio
// constant of its hash.h instead.
constexpr std::uint32_t kStockJhashInit = 0x61C88647U;

constexpr std::uint64_t kFnvPrime64 = 0x100000001b3ULL;

}  // namespace

std::uint32_t murmur3_32(const void* data, std::size_t length, std::uint32_t seed) noexcept {
    const auto* bytes = static_cast<const unsigned char*>(data);
    const std::size_t blocks = length / 4;
    std::uint32_t h = seed;
    for (std::size_t i = 0; i < blocks; ++i) {
        h ^= murmur_scramble(load_le32(bytes + 4 * i));
        h = std::rotl(h, 13);
        h = h * 5 + 0xe6546b64U;
    }
    const unsigned char* tail = bytes + 4 * blocks;
    std::uint32_t k = 0;
    switch (length & 3) {
        case 3: k ^= static_cast<std::uint32_t>(tail[2]) << 16; [[fallthrough]];
        case 2: k ^= static_cast<std::uint32_t>(tail[1]) << 8; [[fallthrough]];
        case 1: k ^= tail[0]; h ^= murmur_scramble(k); break;
        default: break;
    }
    // The length enters as 32 bits, as in the reference code.
    return murmur_mix(h ^ static_cast<std::uint32_t>(length));
}

std::uint32_t stock_jhash(const void* data, std::uint32_t length, std::uint32_t initval) noexcept {
    const auto* k = static_cast<const unsigned char*>(data);
    std::uint32_t a = kStockJhashInit + length + initval;
    std::uint32_t b = a;
    std::uint32_t c = a;
    // Stock's quirk: of each full 12-byte block it adds only bytes 0, 4 and 8 (it adds
    // *k through a byte pointer where the kernel reads a 32-bit word). Kept as is: the
    // numbers --crctest prints are the speed of this very loop.
    while (length > 12) {
        a += k[0];
        b += k[4];
        c += k[8];
        jenkins_mix(a, b, c);
        length -= 12;
        k += 12;
    }
    // The last 1..12 bytes, each in its place in (a, b, c): the same as lookup3.
    if (length == 0) return c;
    for (std::uint32_t i = 0; i < length; ++i) {
        const std::uint32_t byte = static_cast<std::uint32_t>(k[i]) << (8 * (i % 4));
        if (i < 4) a += byte;
        else if (i < 8) b += byte;
        else c += byte;
    }
    jenkins_final(a, b, c);
    return c;
}

std::uint64_t stock_fnv(const void* data, std::uint32_t length, std::uint64_t hval) noexcept {
    const auto* bytes = static_cast<const unsigned char*>(data);
    // FNV-1's order (multiply, then xor) but over whole 64-bit words in the machine's
    // byte order; the last 1..7 bytes are gathered first byte most significant and enter
    // as one more word. On one byte this is exactly the published FNV-1 64.
    while (length >= 8) {
        hval *= kFnvPrime64;
        hval ^= load_native64(bytes);
        bytes += 8;
        length -= 8;
    }
    if (length > 0) {
        std::uint64_t tail = 0;
        for (std::uint32_t i = 0; i < length; ++i) tail = tail << 8 | bytes[i];
        hval *= kFnvPrime64;
        hval ^= tail;
    }
    return hval;
}

}  // namespace fio::core
