#include "plain_peer.hpp"

#include "tls_failures.hpp"

#include <fio/sdk/frame.hpp>
#include <fio/sdk/wire_messages.hpp>

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace fio_tls {
namespace {

namespace wire = fio::sdk::wire;
using fio::sdk::stream_detail::Deadline;
using fio::sdk::stream_detail::wait_ready;

constexpr std::int64_t kLingerMs = 1000;

// The tag of the frame whose header starts `header` (a reply carries its request's tag).
std::uint64_t frame_tag(const std::uint8_t* header, std::size_t size) {
    if (size < wire::kHeaderSize) return 0;
    std::uint64_t tag = 0;
    for (int i = 7; i >= 0; --i) tag = (tag << 8) | header[8 + i];
    return tag;
}

// Takes in what the client sent, so closing does not reset the connection under our reply.
void drain(int fd, const Deadline& deadline) {
    std::uint8_t sink[4096];
    while (wait_ready(fd, POLLIN, deadline) > 0) {
        const ssize_t n = ::recv(fd, sink, sizeof sink, 0);
        if (n == 0) return;
        if (n < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) return;
    }
}

}  // namespace

FirstWords peek_first_words(int fd, const Deadline& deadline, std::string& error) {
    for (;;) {
        std::uint8_t head[2];
        const ssize_t n = ::recv(fd, head, sizeof head, MSG_PEEK);
        if (n == sizeof head) return starts_plain_fio_frame(head, 2) ? FirstWords::plain_fio : FirstWords::tls;
        if (n == 0) return FirstWords::closed;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            error = std::string("receive failed before the TLS handshake: ") + std::strerror(errno);
            return FirstWords::closed;
        }
        // Nothing yet, or one byte of two: wait for more.
        const int ready = wait_ready(fd, POLLIN, deadline);
        if (ready == 0) return FirstWords::not_yet;
        if (ready < 0 && errno != EINTR) {
            error = std::string("poll failed before the TLS handshake: ") + std::strerror(errno);
            return FirstWords::closed;
        }
        if (n == 1) {
            // One byte sits there and keeps the socket readable: give it a moment.
            ::poll(nullptr, 0, 10);
            if (deadline.passed()) return FirstWords::not_yet;
        }
    }
}

void refuse_plain_client(int fd, const std::string& reason) {
    std::uint8_t header[wire::kHeaderSize] = {};
    const ssize_t peeked = ::recv(fd, header, sizeof header, MSG_PEEK);
    const std::uint64_t tag = frame_tag(header, peeked > 0 ? static_cast<std::size_t>(peeked) : 0);
    const Deadline linger(kLingerMs);
    drain(fd, Deadline(0));  // the request, so the reply is not reset away
    wire::ErrorReply reply;
    reply.reason = reason;
    const fio::sdk::Message message{static_cast<std::uint16_t>(wire::Opcode::error), tag,
                                    wire::encode_payload(reply)};
    const auto bytes = wire::encode_message(message);
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += static_cast<std::size_t>(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && wait_ready(fd, POLLOUT, linger) > 0) {
            continue;
        } else {
            return;
        }
    }
    let_client_read_refusal(fd);
}

void let_client_read_refusal(int fd) {
    ::shutdown(fd, SHUT_WR);
    drain(fd, Deadline(kLingerMs));
}

}  // namespace fio_tls
