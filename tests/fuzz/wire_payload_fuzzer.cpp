// Every message payload decoder. The first byte picks the payload type; the rest is the
// CBOR payload. A decoder must return true or false with a one-line error: it may not
// throw, crash or read out of bounds. What decodes must encode and decode again.
#include "fio/sdk/wire_messages.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace wire = fio::sdk::wire;

namespace {

template <class T>
void decode_as(std::span<const std::uint8_t> bytes) {
    T value{};
    std::string error;
    if (wire::decode_payload(bytes, value, error)) {
        const auto again = wire::encode_payload(value);
        T round{};
        if (!wire::decode_payload(again, round, error)) __builtin_trap();
    } else if (error.empty() || error.find('\n') != std::string::npos) {
        __builtin_trap();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::span<const std::uint8_t> bytes(data + 1, size - 1);
    switch (data[0] % 12) {
    case 0: decode_as<wire::ProbeRequest>(bytes); break;
    case 1: decode_as<wire::ProbeReply>(bytes); break;
    case 2: decode_as<wire::JobSubmission>(bytes); break;
    case 3: decode_as<wire::TextLine>(bytes); break;
    case 4: decode_as<wire::RunEnd>(bytes); break;
    case 5: decode_as<wire::ErrorReply>(bytes); break;
    case 6: decode_as<fio::sdk::RunInfo>(bytes); break;
    case 7: decode_as<fio::sdk::StatusUpdate>(bytes); break;
    case 8: decode_as<fio::sdk::JobResult>(bytes); break;
    case 9: decode_as<fio::sdk::GroupResult>(bytes); break;
    case 10: decode_as<fio::sdk::DiskUtil>(bytes); break;
    case 11: decode_as<fio::sdk::RunSummary>(bytes); break;
    }
    return 0;
}
