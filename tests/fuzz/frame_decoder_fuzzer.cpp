// The frame decoder against any byte stream. Random bytes almost never carry valid CRCs,
// so the first byte chooses a mode: raw bytes as received, or the same bytes with every
// header's CRCs (and version) patched, which lets the fuzzer reach fragment reassembly,
// the size caps and the opcode/tag checks. The rest is fed in chunks of varying size.
#include "fio/sdk/frame.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace wire = fio::sdk::wire;

namespace {

void put16(std::uint8_t* at, std::uint16_t value) {
    at[0] = static_cast<std::uint8_t>(value);
    at[1] = static_cast<std::uint8_t>(value >> 8);
}

std::uint32_t get32(const std::uint8_t* at) {
    return at[0] | (at[1] << 8) | (at[2] << 16) | (static_cast<std::uint32_t>(at[3]) << 24);
}

// Walks the stream as header + payload after header, fixing what the decoder checks first.
void patch_headers(std::vector<std::uint8_t>& bytes, bool fix_version) {
    std::size_t at = 0;
    while (at + wire::kHeaderSize <= bytes.size()) {
        std::uint8_t* head = bytes.data() + at;
        if (fix_version) put16(head, wire::kWireVersion);
        const std::uint32_t pdu_len = get32(head + 16) % 512;  // keep frames small
        std::memcpy(head + 16, &pdu_len, 4);
        put16(head + 20, wire::crc16(head, 20));
        const std::size_t payload_at = at + wire::kHeaderSize;
        const std::size_t available = bytes.size() - payload_at;
        const std::size_t len = pdu_len < available ? pdu_len : available;
        put16(head + 22, len == 0 ? 0 : wire::crc16(bytes.data() + payload_at, len));
        at = payload_at + len;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::uint8_t mode = data[0];
    const std::size_t chunk = 1 + data[1];
    std::vector<std::uint8_t> bytes(data + 2, data + size);
    if (mode & 1) patch_headers(bytes, (mode & 2) != 0);
    // Small caps in some runs, so the size checks are reached with small inputs.
    wire::FrameLimits limits;
    if (mode & 4) limits = {600, 1500};
    wire::FrameDecoder decoder(limits);
    for (std::size_t at = 0; at < bytes.size(); at += chunk) {
        const std::size_t n = bytes.size() - at < chunk ? bytes.size() - at : chunk;
        decoder.feed(bytes.data() + at, n);
        while (auto message = decoder.next()) {
            if (message->payload.size() > limits.max_message) __builtin_trap();
        }
        if (decoder.failed()) {
            if (decoder.error().empty()) __builtin_trap();
            break;
        }
    }
    (void)decoder.mid_message();
    return 0;
}
