// The frame codec: how whole messages travel over a byte stream between a fio client
// and a fio server. Every transport (ours and a vendor's) uses it, so a message that
// left one fio is read the same way by any other.
//
// A message is one or more fragments. Each fragment is a 24-byte little-endian header
// followed by its payload bytes:
//
//   offset  0  u16 version     kWireVersion ('F' << 8 | protocol major)
//   offset  2  u16 opcode      the same in every fragment of a message
//   offset  4  u32 flags       bit 0 (kFlagMore): another fragment follows
//   offset  8  u64 tag         opaque; the same in every fragment of a message
//   offset 16  u32 pdu_len     payload bytes in this fragment
//   offset 20  u16 cmd_crc16   CRC-16/ARC of bytes 0..19
//   offset 22  u16 pdu_crc16   CRC-16/ARC of this fragment's payload (0 when empty)
//
// The decoder checks each fragment in that order: header CRC, version, fragment size,
// total size, opcode and tag against the first fragment, payload CRC. It refuses a
// fragment from its header alone when it can, so a hostile size never makes it buffer.
#pragma once

#include <boost/crc.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fio/sdk/transport.hpp"

namespace fio::sdk::wire {

inline constexpr std::uint16_t kProtocolMajor = 1;
inline constexpr std::uint16_t kProtocolMinor = 1;  // 1.1 = this release; 1.0 = previous
// Header version field: 'F' << 8 | major (0x4601). Never a stock value (stock 3.33 = 97).
inline constexpr std::uint16_t kWireVersion = 0x4600 | kProtocolMajor;
inline constexpr std::uint16_t kStockProtocolVersion = 97;
inline constexpr std::size_t kHeaderSize = 24;
inline constexpr std::uint32_t kFlagMore = 1u;
inline constexpr std::size_t kFragmentSize = 32 * 1024;           // what we send
inline constexpr std::size_t kMaxFragmentSize = 64 * 1024;        // what we accept
inline constexpr std::size_t kMaxMessageSize = 64 * 1024 * 1024;  // total cap

// CRC-16/ARC: polynomial 0x8005 reflected, initial value 0, no final xor.
inline std::uint16_t crc16(const std::uint8_t* data, std::size_t size) noexcept {
    boost::crc_16_type crc;
    crc.process_bytes(data, size);
    return static_cast<std::uint16_t>(crc.checksum());
}

struct FrameLimits {
    std::size_t max_fragment = kMaxFragmentSize;
    std::size_t max_message = kMaxMessageSize;
};

namespace detail {

template <typename T>
void put_le(std::uint8_t* out, T value) noexcept {
    for (std::size_t i = 0; i < sizeof(T); ++i) out[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

template <typename T>
T get_le(const std::uint8_t* in) noexcept {
    T value = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) value |= static_cast<T>(T{in[i]} << (8 * i));
    return value;
}

struct FrameHeader {
    std::uint16_t version = 0;
    std::uint16_t opcode = 0;
    std::uint32_t flags = 0;
    std::uint64_t tag = 0;
    std::uint32_t pdu_len = 0;
    std::uint16_t cmd_crc = 0;
    std::uint16_t pdu_crc = 0;
};

inline void write_header(std::uint8_t* out, const FrameHeader& h) noexcept {
    put_le(out + 0, h.version);
    put_le(out + 2, h.opcode);
    put_le(out + 4, h.flags);
    put_le(out + 8, h.tag);
    put_le(out + 16, h.pdu_len);
    put_le(out + 20, crc16(out, 20));
    put_le(out + 22, h.pdu_crc);
}

inline FrameHeader read_header(const std::uint8_t* in) noexcept {
    FrameHeader h;
    h.version = get_le<std::uint16_t>(in + 0);
    h.opcode = get_le<std::uint16_t>(in + 2);
    h.flags = get_le<std::uint32_t>(in + 4);
    h.tag = get_le<std::uint64_t>(in + 8);
    h.pdu_len = get_le<std::uint32_t>(in + 16);
    h.cmd_crc = get_le<std::uint16_t>(in + 20);
    h.pdu_crc = get_le<std::uint16_t>(in + 22);
    return h;
}

}  // namespace detail

// Whole message -> bytes of one or more fragments (same opcode and tag, MORE on all
// but the last). An empty payload is one fragment with pdu_len 0. `version` is for tests
// and the stock-refusal path only. A fragment_size of 0 means kFragmentSize.
inline std::vector<std::uint8_t> encode_message(const Message& message,
                                                std::size_t fragment_size = kFragmentSize,
                                                std::uint16_t version = kWireVersion) {
    if (fragment_size == 0) fragment_size = kFragmentSize;
    const std::size_t total = message.payload.size();
    const std::size_t fragments = total == 0 ? 1 : (total + fragment_size - 1) / fragment_size;
    std::vector<std::uint8_t> bytes(fragments * kHeaderSize + total);
    std::uint8_t* out = bytes.data();
    const std::uint8_t* in = message.payload.data();
    for (std::size_t i = 0; i < fragments; ++i) {
        const std::size_t offset = i * fragment_size;
        const std::size_t length = std::min(fragment_size, total - offset);
        detail::FrameHeader h;
        h.version = version;
        h.opcode = message.opcode;
        h.flags = i + 1 < fragments ? kFlagMore : 0u;
        h.tag = message.tag;
        h.pdu_len = static_cast<std::uint32_t>(length);
        h.pdu_crc = length == 0 ? 0 : crc16(in + offset, length);
        detail::write_header(out, h);
        if (length > 0) std::copy_n(in + offset, length, out + kHeaderSize);
        out += kHeaderSize + length;
    }
    return bytes;
}

enum class FrameError { none, header_crc, payload_crc, stock_peer, foreign_version,
                        fragment_too_large, message_too_large, opcode_changed, tag_changed,
                        tls_peer };

// Incremental decoder: feed received bytes, take whole messages out. After an error it
// stays failed (the connection must be closed).
class FrameDecoder {
public:
    explicit FrameDecoder(FrameLimits limits = {}) : limits_(limits) {}

    void feed(const std::uint8_t* data, std::size_t size) {
        if (failed() || size == 0) return;
        // Drop consumed bytes before growing, so the buffer holds at most about one
        // fragment plus what the caller fed in one go.
        if (consumed_ > 0 && consumed_ * 2 >= buffer_.size()) {
            buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(consumed_));
            consumed_ = 0;
        }
        buffer_.insert(buffer_.end(), data, data + size);
    }

    // nullopt: need more bytes, or failed().
    std::optional<Message> next() {
        while (!failed()) {
            const std::size_t available = buffer_.size() - consumed_;
            if (available < kHeaderSize) return std::nullopt;
            const std::uint8_t* head = buffer_.data() + consumed_;
            const detail::FrameHeader h = detail::read_header(head);
            if (!check_header(head, h)) return std::nullopt;
            if (available < kHeaderSize + h.pdu_len) return std::nullopt;
            const std::uint8_t* payload = head + kHeaderSize;
            const std::uint16_t computed = h.pdu_len == 0 ? 0 : crc16(payload, h.pdu_len);
            if (computed != h.pdu_crc) {
                fail(FrameError::payload_crc, h.version,
                     "frame payload CRC mismatch (opcode " + std::to_string(h.opcode) + ", " +
                         std::to_string(h.pdu_len) + " bytes): the stream is corrupt");
                return std::nullopt;
            }
            if (!in_message_) {
                in_message_ = true;
                partial_.opcode = h.opcode;
                partial_.tag = h.tag;
                partial_.payload.clear();
            }
            partial_.payload.insert(partial_.payload.end(), payload, payload + h.pdu_len);
            consumed_ += kHeaderSize + h.pdu_len;
            if ((h.flags & kFlagMore) == 0) {
                in_message_ = false;
                Message done = std::move(partial_);
                partial_ = Message{};
                return done;
            }
        }
        return std::nullopt;
    }

    bool failed() const noexcept { return kind_ != FrameError::none; }
    FrameError error_kind() const noexcept { return kind_; }
    // One line, e.g. "peer speaks stock fio protocol 97; this fio speaks protocol 1.1".
    std::string error() const { return error_; }
    // Version field of the offending header (0 when no header was refused).
    std::uint16_t peer_version() const noexcept { return peer_version_; }
    // Bytes of an unfinished message are buffered.
    bool mid_message() const noexcept { return in_message_ || buffer_.size() > consumed_; }

private:
    static std::string our_protocol() {
        return std::to_string(kProtocolMajor) + "." + std::to_string(kProtocolMinor);
    }

    // The checks a fragment header allows before its payload arrives.
    bool check_header(const std::uint8_t* head, const detail::FrameHeader& h) {
        // A TLS record (handshake or alert, version 3.x): a tls: client at a plain endpoint.
        if ((head[0] == 0x16 || head[0] == 0x15) && head[1] == 0x03 && head[2] <= 0x04) {
            fail(FrameError::tls_peer, h.version,
                 "peer speaks TLS; this endpoint is plain fio protocol (connect without tls:, or "
                 "serve with --transport tls:...)");
            return false;
        }
        const std::uint16_t computed = crc16(head, 20);
        if (computed != h.cmd_crc) {
            fail(FrameError::header_crc, h.version,
                 "frame header CRC mismatch: the peer is not a fio client or server, or the "
                 "stream is corrupt");
            return false;
        }
        if (h.version == kStockProtocolVersion) {
            fail(FrameError::stock_peer, h.version,
                 "peer speaks stock fio protocol " + std::to_string(h.version) +
                     "; this fio speaks protocol " + our_protocol());
            return false;
        }
        if (h.version != kWireVersion) {
            fail(FrameError::foreign_version, h.version,
                 "peer speaks unknown protocol version " + std::to_string(h.version));
            return false;
        }
        if (h.pdu_len > limits_.max_fragment) {
            fail(FrameError::fragment_too_large, h.version,
                 "frame fragment of " + std::to_string(h.pdu_len) + " bytes exceeds the limit of " +
                     std::to_string(limits_.max_fragment) + " bytes");
            return false;
        }
        const std::size_t so_far = in_message_ ? partial_.payload.size() : 0;
        if (so_far + h.pdu_len > limits_.max_message) {
            fail(FrameError::message_too_large, h.version,
                 "message of at least " + std::to_string(so_far + h.pdu_len) +
                     " bytes exceeds the limit of " + std::to_string(limits_.max_message) + " bytes");
            return false;
        }
        if (in_message_ && h.opcode != partial_.opcode) {
            fail(FrameError::opcode_changed, h.version,
                 "opcode changed in the middle of a message (" + std::to_string(partial_.opcode) +
                     ", then " + std::to_string(h.opcode) + ")");
            return false;
        }
        if (in_message_ && h.tag != partial_.tag) {
            fail(FrameError::tag_changed, h.version,
                 "tag changed in the middle of a message (" + std::to_string(partial_.tag) +
                     ", then " + std::to_string(h.tag) + ")");
            return false;
        }
        return true;
    }

    void fail(FrameError kind, std::uint16_t version, std::string text) {
        kind_ = kind;
        peer_version_ = version;
        error_ = std::move(text);
        // A failed decoder never yields again: free what it held.
        std::vector<std::uint8_t>().swap(buffer_);
        consumed_ = 0;
        partial_ = Message{};
    }

    FrameLimits limits_;
    std::vector<std::uint8_t> buffer_;  // received bytes; [consumed_, end) not yet decoded
    std::size_t consumed_ = 0;
    bool in_message_ = false;  // fragments of `partial_` arrived, its last one has not
    Message partial_;
    FrameError kind_ = FrameError::none;
    std::uint16_t peer_version_ = 0;
    std::string error_;
};

}  // namespace fio::sdk::wire
