#include "iolog/blktrace_format.hpp"

#include <cstring>

namespace fio::core::blktrace {
namespace {

template <typename T>
T load(const unsigned char*& at, bool swap) noexcept {
    T value;
    std::memcpy(&value, at, sizeof value);
    at += sizeof value;
    if (!swap) return value;
    if constexpr (sizeof(T) == 2) return __builtin_bswap16(value);
    if constexpr (sizeof(T) == 4) return __builtin_bswap32(value);
    if constexpr (sizeof(T) == 8) return __builtin_bswap64(value);
}

template <typename T>
void store(unsigned char*& at, T value) noexcept {
    std::memcpy(at, &value, sizeof value);
    at += sizeof value;
}

}  // namespace

std::optional<bool> magic_needs_swap(std::uint32_t first_word) noexcept {
    if ((first_word & 0xffffff00u) == kMagic) return false;
    if ((__builtin_bswap32(first_word) & 0xffffff00u) == kMagic) return true;
    return std::nullopt;
}

Record decode_record(const unsigned char* bytes, bool swap) noexcept {
    Record r;
    r.magic = load<std::uint32_t>(bytes, swap);
    r.sequence = load<std::uint32_t>(bytes, swap);
    r.time_ns = load<std::uint64_t>(bytes, swap);
    r.sector = load<std::uint64_t>(bytes, swap);
    r.bytes = load<std::uint32_t>(bytes, swap);
    r.action = load<std::uint32_t>(bytes, swap);
    r.pid = load<std::uint32_t>(bytes, swap);
    r.device = load<std::uint32_t>(bytes, swap);
    r.cpu = load<std::uint32_t>(bytes, swap);
    r.error = load<std::uint16_t>(bytes, swap);
    r.pdu_len = load<std::uint16_t>(bytes, swap);
    return r;
}

void encode_record(const Record& r, unsigned char* out) noexcept {
    store(out, r.magic);
    store(out, r.sequence);
    store(out, r.time_ns);
    store(out, r.sector);
    store(out, r.bytes);
    store(out, r.action);
    store(out, r.pid);
    store(out, r.device);
    store(out, r.cpu);
    store(out, r.error);
    store(out, r.pdu_len);
}

}  // namespace fio::core::blktrace
