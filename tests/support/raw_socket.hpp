// A raw TCP connection to a loopback server, for messages no fio client would send (a
// garbage header, a probe and then an oversized run request): the fault and bounds tests
// speak the protocol by hand through it.
#pragma once

#include <fio/sdk/frame.hpp>
#include <fio/sdk/wire_messages.hpp>

#include <cstdint>
#include <optional>
#include <vector>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace fio::test {

// A raw TCP connection to 127.0.0.1:PORT, for bytes no fio client would send.
class RawSocket {
public:
    explicit RawSocket(int port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
        // Under a sanitizer the server may take seconds to decode a 16 MiB request.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
        const timeval wait{20, 0};
#else
        const timeval wait{2, 0};
#endif
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &wait, sizeof wait);
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    }
    ~RawSocket() { ::close(fd_); }
    RawSocket(const RawSocket&) = delete;
    RawSocket& operator=(const RawSocket&) = delete;

    bool connected() const { return connected_; }
    // Writes what the peer still takes; a server that hung up is part of the test.
    void send_bytes(const std::vector<std::uint8_t>& bytes) {
        for (std::size_t sent = 0; sent < bytes.size();) {
            const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return;
            sent += static_cast<std::size_t>(n);
        }
    }
    // The next whole message, if one comes within the socket's receive timeout.
    std::optional<sdk::Message> receive() {
        std::uint8_t chunk[4096];
        for (;;) {
            if (auto message = decoder_.next()) return message;
            const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n <= 0) return std::nullopt;
            decoder_.feed(chunk, static_cast<std::size_t>(n));
        }
    }

private:
    int fd_;
    bool connected_ = false;
    sdk::wire::FrameDecoder decoder_;
};

// The probe a client of this release sends first.
inline std::vector<std::uint8_t> probe_frame() {
    sdk::wire::ProbeRequest request;
    request.proto_major = sdk::wire::kProtocolMajor;
    request.proto_minor = sdk::wire::kProtocolMinor;
    request.fio_version = "fio-faults-test";
    return sdk::wire::encode_message(
        sdk::Message{static_cast<std::uint16_t>(sdk::wire::Opcode::probe), 1, sdk::wire::encode_payload(request)});
}

}  // namespace fio::test
