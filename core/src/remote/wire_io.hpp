// Building a message from a payload, and reading one back, with the protocol minor
// this process speaks.
#pragma once

#include "remote/protocol_version.hpp"

#include <fio/sdk/transport.hpp>
#include <fio/sdk/wire_messages.hpp>

#include <cstdint>

namespace fio::core {

template <typename Payload>
sdk::Message make_message(sdk::wire::Opcode opcode, std::uint64_t tag, const Payload& payload) {
    return sdk::Message{static_cast<std::uint16_t>(opcode), tag,
                        sdk::wire::encode_payload(payload, announced_protocol_minor())};
}

inline sdk::wire::Opcode opcode_of(const sdk::Message& message) noexcept {
    return static_cast<sdk::wire::Opcode>(message.opcode);
}

}  // namespace fio::core
