// Fields of fixed size at byte offsets of a binary record (a verify header, a stored
// log sample), in host byte order: copied with memcpy, so any alignment will do.
#pragma once

#include <cstddef>
#include <cstring>

namespace fio::core {

template <typename T, typename Byte>
void put_field(Byte* record, std::size_t at, T value) noexcept {
    static_assert(sizeof(Byte) == 1);
    std::memcpy(record + at, &value, sizeof value);
}

template <typename T, typename Byte>
T get_field(const Byte* record, std::size_t at) noexcept {
    static_assert(sizeof(Byte) == 1);
    T value;
    std::memcpy(&value, record + at, sizeof value);
    return value;
}

}  // namespace fio::core
