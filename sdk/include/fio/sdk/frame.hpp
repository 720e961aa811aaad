// temporary: replaced by the codec branch. Only the encoding half of the frame codec
// (remote-spec section 1), so that the network output can be written and tested before
// the real codec (with FrameDecoder) is merged.
//
// A frame: 24-byte little-endian header {u16 version, u16 opcode, u32 flags (bit 0:
// more fragments follow), u64 tag, u32 pdu_len, u16 crc16 of header bytes 0..19,
// u16 crc16 of the payload (0 when empty)}, then pdu_len payload bytes.
#pragma once

#include <boost/crc.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fio/sdk/transport.hpp"

namespace fio::sdk::wire {

inline constexpr std::uint16_t kProtocolMajor = 1;
inline constexpr std::uint16_t kProtocolMinor = 1;
inline constexpr std::uint16_t kWireVersion = 0x4600 | kProtocolMajor;
inline constexpr std::uint16_t kStockProtocolVersion = 97;
inline constexpr std::size_t kHeaderSize = 24;
inline constexpr std::uint32_t kFlagMore = 1u;
inline constexpr std::size_t kFragmentSize = 32 * 1024;
inline constexpr std::size_t kMaxFragmentSize = 64 * 1024;
inline constexpr std::size_t kMaxMessageSize = 64 * 1024 * 1024;

// CRC-16/ARC.
inline std::uint16_t crc16(const std::uint8_t* data, std::size_t size) noexcept {
    boost::crc_16_type crc;
    crc.process_bytes(data, size);
    return static_cast<std::uint16_t>(crc.checksum());
}

namespace detail {
template <class T>
void put_le(std::uint8_t* at, T value) noexcept {
    for (std::size_t i = 0; i < sizeof(T); ++i) at[i] = static_cast<std::uint8_t>(value >> (8 * i));
}
}  // namespace detail

inline std::vector<std::uint8_t> encode_message(const Message& message,
                                                std::size_t fragment_size = kFragmentSize,
                                                std::uint16_t version = kWireVersion) {
    std::vector<std::uint8_t> out;
    const std::size_t total = message.payload.size();
    std::size_t offset = 0;
    do {
        const std::size_t length = std::min(fragment_size, total - offset);
        const bool more = offset + length < total;
        std::uint8_t header[kHeaderSize] = {};
        detail::put_le<std::uint16_t>(header, version);
        detail::put_le<std::uint16_t>(header + 2, message.opcode);
        detail::put_le<std::uint32_t>(header + 4, more ? kFlagMore : 0u);
        detail::put_le<std::uint64_t>(header + 8, message.tag);
        detail::put_le<std::uint32_t>(header + 16, static_cast<std::uint32_t>(length));
        detail::put_le<std::uint16_t>(header + 20, crc16(header, 20));
        const std::uint8_t* payload = message.payload.data() + offset;
        detail::put_le<std::uint16_t>(header + 22, length ? crc16(payload, length) : 0);
        out.insert(out.end(), header, header + kHeaderSize);
        out.insert(out.end(), payload, payload + length);
        offset += length;
    } while (offset < total);
    return out;
}

}  // namespace fio::sdk::wire
