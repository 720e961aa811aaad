// The transport interface: moves whole framed messages between a fio client and a
// fio server. A transport hides the medium (TCP, Unix socket, TLS); framing, CRCs
// and fragmentation are the SDK frame codec's job, shared by every transport.
//
// Endpoints are strings: "tcp:8765", "tcp:host:8765", "tcp:[::1]:8765",
// "unix:/run/fio.sock". Every call that can block takes a timeout; none may hang.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fio/sdk/options.hpp"

namespace fio::sdk {

struct Message {
    std::uint16_t opcode = 0;
    std::uint64_t tag = 0;
    std::vector<std::uint8_t> payload;
};

// One established connection.
class Connection {
public:
    virtual ~Connection() = default;
    // Sends one message (fragmenting as needed). Returns false and sets the error
    // when the peer is gone or the timeout passed.
    virtual bool send(const Message& message, std::int64_t timeout_ms) = 0;
    // Waits up to timeout_ms for one whole message. std::nullopt on timeout, on a
    // closed connection or on a malformed frame; error() then says which.
    virtual std::optional<Message> receive(std::int64_t timeout_ms) = 0;
    virtual std::string peer() const = 0;   // "host:port" or the socket path
    virtual std::string error() const = 0;  // the last failure, empty when none
    virtual void close() = 0;
    // The socket's descriptor, so a caller can poll many connections at once; -1 when
    // the transport has none. Only for waiting: reading or writing it breaks the framing.
    virtual int native_handle() const { return -1; }
};

// Accepts connections on a local endpoint.
class Listener {
public:
    virtual ~Listener() = default;
    // Waits up to timeout_ms for a client; nullptr on timeout or error.
    virtual std::unique_ptr<Connection> accept(std::int64_t timeout_ms) = 0;
    virtual std::string endpoint() const = 0;  // what it is bound to, with the real port
    virtual std::string error() const = 0;
};

struct TransportSetup {
    // The transport's own options (certificates...), valid while its factory runs: a
    // transport copies what it keeps.
    const OptionValues* options = nullptr;
};

class Transport {
public:
    virtual ~Transport() = default;
    // `endpoint` is the part after "<name>:". Return nullptr and fill `error` on failure.
    virtual std::unique_ptr<Listener> listen(const std::string& endpoint, std::string& error) = 0;
    virtual std::unique_ptr<Connection> connect(const std::string& endpoint,
                                                std::int64_t timeout_ms, std::string& error) = 0;
};

}  // namespace fio::sdk
