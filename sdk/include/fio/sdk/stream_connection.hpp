// Framed messages over a stream socket (TCP, Unix): the Connection and Listener that
// every stream transport shares. Boost.Asio names, binds and formats the endpoints; the
// data path is the socket itself, non-blocking, with poll() bounding every wait, so each
// call ends by its timeout and one thread may send while another receives (each
// direction has its own lock, and the kernel keeps the two apart).
//
// A transport plugin parses its endpoint text, then opens a StreamListener or calls
// connect_stream() with Asio endpoints (tcp_endpoints.hpp does both for host:port text).
// The bytes go through a channel: SocketChannel here; a transport that transforms the
// stream (TLS) brings its own channel and keeps the framing, timeouts and locking.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "fio/sdk/frame.hpp"
#include "fio/sdk/host_port.hpp"
#include "fio/sdk/transport.hpp"

namespace fio::sdk {

namespace stream_detail {

// When a call must give up. A negative timeout counts as 0: no call waits forever.
class Deadline {
public:
    explicit Deadline(std::int64_t timeout_ms)
        : end_(std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms > 0 ? timeout_ms : 0)) {}
    // Milliseconds left for poll(), rounded up so a wait never ends early.
    int remaining_ms() const {
        const auto left = end_ - std::chrono::steady_clock::now();
        if (left <= std::chrono::steady_clock::duration::zero()) return 0;
        const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
        return ms > 1'000'000'000 ? 1'000'000'000 : static_cast<int>(ms);
    }
    bool passed() const { return std::chrono::steady_clock::now() >= end_; }

private:
    std::chrono::steady_clock::time_point end_;
};

// 1: the descriptor is ready (or in error: the next call says which); 0: the deadline
// passed; -1: poll failed (errno).
inline int wait_ready(int fd, short events, const Deadline& deadline) {
    for (;;) {
        pollfd p{fd, events, 0};
        const int r = ::poll(&p, 1, deadline.remaining_ms());
        if (r > 0) return 1;
        if (r == 0) return 0;
        if (errno != EINTR) return -1;
    }
}

inline std::string errno_text(int err) { return std::strerror(err); }

// Messages are small and latency matters more than packing: no Nagle delay on TCP.
inline void tune_socket(int fd, int family) {
    if (family == AF_INET || family == AF_INET6) {
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
}

}  // namespace stream_detail

// "ADDR:PORT" (IPv6 in brackets; an IPv4-mapped IPv6 address shown as IPv4).
inline std::string describe_endpoint(const boost::asio::ip::tcp::endpoint& endpoint) {
    auto address = endpoint.address();
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
    }
    return join_host_port(address.to_string(), endpoint.port());
}

inline std::string describe_endpoint(const boost::asio::local::stream_protocol::endpoint& endpoint) {
    return endpoint.path();
}

// What one non-blocking read or write on a channel did.
struct ChannelIo {
    enum Status { done, would_block, closed, failed };
    Status status = done;
    std::size_t bytes = 0;      // done: how many bytes moved (never 0)
    short wait_for = 0;         // would_block: POLLIN or POLLOUT, what to wait for
    std::string error;          // failed: one line
};

// The byte stream under a StreamConnection: a plain socket. Another channel (TLS) has the
// same members: fd(), handshake(), read_some(), write_some(), shutdown(). read_some() and
// write_some() may be called from two threads at once, one each; neither blocks.
class SocketChannel {
public:
    SocketChannel(int fd) : fd_(fd) {}  // NOLINT: a descriptor is a channel
    SocketChannel(SocketChannel&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    SocketChannel& operator=(SocketChannel&&) = delete;
    ~SocketChannel() {
        if (fd_ >= 0) ::close(fd_);
    }

    int fd() const noexcept { return fd_; }
    // Nothing to negotiate on a plain socket.
    bool handshake(const stream_detail::Deadline&, std::string&) { return true; }

    ChannelIo write_some(const std::uint8_t* data, std::size_t size) {
        for (;;) {
            const ssize_t n = ::send(fd_, data, size, MSG_NOSIGNAL);
            if (n > 0) return {ChannelIo::done, static_cast<std::size_t>(n), 0, {}};
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return {ChannelIo::would_block, 0, POLLOUT, {}};
            const int err = errno;
            if (err == EPIPE || err == ECONNRESET) return {ChannelIo::closed, 0, 0, {}};
            return {ChannelIo::failed, 0, 0, "send failed: " + stream_detail::errno_text(err)};
        }
    }

    ChannelIo read_some(std::uint8_t* data, std::size_t size) {
        for (;;) {
            const ssize_t n = ::recv(fd_, data, size, 0);
            if (n > 0) return {ChannelIo::done, static_cast<std::size_t>(n), 0, {}};
            if (n == 0) return {ChannelIo::closed, 0, 0, {}};
            const int err = errno;
            if (err == EINTR) continue;
            if (err == EAGAIN || err == EWOULDBLOCK) return {ChannelIo::would_block, 0, POLLIN, {}};
            if (err == ECONNRESET) return {ChannelIo::failed, 0, 0, "connection closed by peer (reset)"};
            return {ChannelIo::failed, 0, 0, "receive failed: " + stream_detail::errno_text(err)};
        }
    }

    // Ends both directions; a thread waiting on the descriptor wakes.
    void shutdown() { ::shutdown(fd_, SHUT_RDWR); }

private:
    int fd_;
};

// One established stream connection over a `Channel` (SocketChannel, or a plugin's own
// such as TLS); owns the channel and so the descriptor.
template <typename Channel>
class BasicStreamConnection final : public Connection {
public:
    // `channel` is connected and non-blocking; `peer` is what peer() reports.
    BasicStreamConnection(Channel channel, std::string peer, wire::FrameLimits limits = {})
        : channel_(std::move(channel)), peer_(std::move(peer)), decoder_(limits), chunk_(64 * 1024) {}
    BasicStreamConnection(const BasicStreamConnection&) = delete;
    BasicStreamConnection& operator=(const BasicStreamConnection&) = delete;

    bool send(const Message& message, std::int64_t timeout_ms) override {
        std::lock_guard lock(send_mutex_);
        if (send_dead_) return false;
        if (message.payload.size() > wire::kMaxMessageSize) {
            set_error("message of " + std::to_string(message.payload.size()) +
                      " bytes exceeds the limit of " + std::to_string(wire::kMaxMessageSize) + " bytes");
            return false;  // nothing was written: the connection stays usable
        }
        const stream_detail::Deadline deadline(timeout_ms);
        if (!ready(deadline, true)) return false;
        const auto bytes = wire::encode_message(message);
        std::size_t sent = 0;
        while (sent < bytes.size()) {
            const ChannelIo io = channel_.write_some(bytes.data() + sent, bytes.size() - sent);
            if (io.status == ChannelIo::done) {
                sent += io.bytes;
                continue;
            }
            if (io.status == ChannelIo::would_block) {
                const int waited = stream_detail::wait_ready(channel_.fd(), io.wait_for, deadline);
                if (waited > 0) continue;
                // A frame half written leaves the stream unusable.
                fail_send(waited == 0 ? "send timed out after " + std::to_string(timeout_ms) +
                                            " ms (the peer is not reading)"
                                      : "send failed: " + stream_detail::errno_text(errno));
                return false;
            }
            fail_send(io.status == ChannelIo::closed ? std::string("connection closed by peer") : io.error);
            return false;
        }
        return true;
    }

    std::optional<Message> receive(std::int64_t timeout_ms) override {
        std::lock_guard lock(receive_mutex_);
        if (receive_dead_) return std::nullopt;
        const stream_detail::Deadline deadline(timeout_ms);
        if (!ready(deadline, false)) return std::nullopt;
        for (;;) {
            if (auto message = decoder_.next()) return message;
            if (decoder_.failed()) return fail_receive(decoder_.error());
            const ChannelIo io = channel_.read_some(chunk_.data(), chunk_.size());
            if (io.status == ChannelIo::done) {
                decoder_.feed(chunk_.data(), io.bytes);
                // A peer trickling bytes must not hold the caller past its timeout.
                if (deadline.passed()) {
                    if (auto message = decoder_.next()) return message;
                    if (decoder_.failed()) return fail_receive(decoder_.error());
                    return std::nullopt;
                }
                continue;
            }
            if (io.status == ChannelIo::closed) {
                return fail_receive(decoder_.mid_message()
                                        ? "connection closed by peer in the middle of a message"
                                        : "connection closed by peer");
            }
            if (io.status == ChannelIo::failed) return fail_receive(io.error);
            const int waited = stream_detail::wait_ready(channel_.fd(), io.wait_for, deadline);
            if (waited == 0) return std::nullopt;  // timeout: error() stays empty
            if (waited < 0) return fail_receive("receive failed: " + stream_detail::errno_text(errno));
        }
    }

    std::string peer() const override { return peer_; }

    std::string error() const override {
        std::lock_guard lock(error_mutex_);
        return error_;
    }

    // Ends both directions at once; a thread waiting in send() or receive() wakes and
    // fails. The descriptor itself is closed by the destructor, so no other thread can
    // ever touch a number the process reused.
    void close() override {
        channel_.shutdown();
        std::lock_guard lock(error_mutex_);
        if (error_.empty()) error_ = "connection closed";
    }

    int native_handle() const override { return channel_.fd(); }

private:
    // The channel's handshake, done once by whichever direction comes first. A failed
    // one kills both directions; one not finished by `deadline` is tried again by the
    // next call (the channel bounds its own total time).
    bool ready(const stream_detail::Deadline& deadline, bool sending) {
        std::lock_guard lock(handshake_mutex_);
        if (handshake_done_) return true;
        if (!handshake_error_.empty()) return fail_ready(sending, handshake_error_);
        std::string error;
        if (channel_.handshake(deadline, error)) {
            handshake_done_ = true;
            return true;
        }
        if (error.empty()) return false;  // not finished in this call's time
        handshake_error_ = error;
        return fail_ready(sending, error);
    }
    bool fail_ready(bool sending, std::string text) {
        if (sending) {
            fail_send(std::move(text));
        } else {
            fail_receive(std::move(text));
        }
        return false;
    }
    void set_error(std::string text) {
        std::lock_guard lock(error_mutex_);
        error_ = std::move(text);
    }
    void fail_send(std::string text) {
        send_dead_ = true;
        set_error(std::move(text));
    }
    // A receive failure leaves sending possible (to tell the peer why, say); a peer
    // that is gone makes the next send fail by itself.
    std::optional<Message> fail_receive(std::string text) {
        receive_dead_ = true;
        set_error(std::move(text));
        return std::nullopt;
    }

    Channel channel_;
    const std::string peer_;
    std::mutex handshake_mutex_;
    bool handshake_done_ = false;     // guarded by handshake_mutex_
    std::string handshake_error_;     // guarded by handshake_mutex_
    std::mutex send_mutex_;
    bool send_dead_ = false;  // guarded by send_mutex_
    std::mutex receive_mutex_;
    bool receive_dead_ = false;  // guarded by receive_mutex_
    wire::FrameDecoder decoder_;
    std::vector<std::uint8_t> chunk_;
    mutable std::mutex error_mutex_;
    std::string error_;
};

using StreamConnection = BasicStreamConnection<SocketChannel>;

// Makes the Connection for a socket a listener accepted: a transport with its own
// channel (TLS) wraps the descriptor; the default is a plain StreamConnection.
using ConnectionMaker = std::function<std::unique_ptr<Connection>(int fd, std::string peer)>;

// Accepts stream connections on a bound socket; `Protocol` is boost::asio::ip::tcp or
// boost::asio::local::stream_protocol.
template <typename Protocol>
class StreamListener final : public Listener {
public:
    using Endpoint = typename Protocol::endpoint;

    // Binds and listens on `where`. `prefix` starts endpoint() ("tcp:"); a non-empty
    // `unlink_path` is removed when the listener dies (a Unix socket's file); `make`
    // wraps each accepted socket (empty: a plain StreamConnection).
    // nullptr + error on failure.
    static std::unique_ptr<StreamListener> open(const Endpoint& where, std::string prefix,
                                                std::string unlink_path, std::string& error,
                                                ConnectionMaker make = {}) {
        std::unique_ptr<StreamListener> listener(new StreamListener(std::move(prefix)));
        listener->make_ = std::move(make);
        boost::system::error_code ec;
        auto& acceptor = listener->acceptor_;
        acceptor.open(where.protocol(), ec);
        if (!ec) ::fcntl(acceptor.native_handle(), F_SETFD, FD_CLOEXEC);  // children never inherit it
        if constexpr (std::is_same_v<Protocol, boost::asio::ip::tcp>) {
            // One socket for IPv4 and IPv6 when bound to the IPv6 wildcard.
            if (!ec && where.address().is_v6()) acceptor.set_option(boost::asio::ip::v6_only(false), ec);
            if (!ec) acceptor.set_option(boost::asio::socket_base::reuse_address(true), ec);
        }
        if (!ec) acceptor.bind(where, ec);
        if (!ec) acceptor.listen(boost::asio::socket_base::max_listen_connections, ec);
        if (!ec) acceptor.non_blocking(true, ec);
        if (ec) {
            error = "cannot listen on " + describe_endpoint(where) + ": " + ec.message();
            return nullptr;
        }
        listener->unlink_path_ = std::move(unlink_path);
        listener->bound_ = describe_endpoint(acceptor.local_endpoint(ec));
        if (ec) listener->bound_ = describe_endpoint(where);
        return listener;
    }

    ~StreamListener() override {
        boost::system::error_code ec;
        acceptor_.close(ec);
        if (!unlink_path_.empty()) ::unlink(unlink_path_.c_str());
    }

    std::unique_ptr<Connection> accept(std::int64_t timeout_ms) override {
        error_.clear();
        const stream_detail::Deadline deadline(timeout_ms);
        for (;;) {
            Endpoint peer;
            socklen_t length = static_cast<socklen_t>(peer.capacity());
            const int fd = ::accept4(acceptor_.native_handle(), peer.data(), &length,
                                     SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd >= 0) {
                peer.resize(length);
                stream_detail::tune_socket(fd, peer.data()->sa_family);
                std::string name = describe_endpoint(peer);
                // A Unix client is usually unnamed: name it by the socket it came through.
                if (name.empty()) name = bound_;
                if (make_) return make_(fd, std::move(name));
                return std::make_unique<StreamConnection>(fd, std::move(name));
            }
            const int err = errno;
            if (err == EINTR || err == ECONNABORTED) continue;
            if (err == EAGAIN || err == EWOULDBLOCK) {
                const int ready = stream_detail::wait_ready(acceptor_.native_handle(), POLLIN, deadline);
                if (ready == 0) return nullptr;  // timeout: error() stays empty
                if (ready > 0) continue;
            }
            error_ = "accept on " + endpoint() + " failed: " + stream_detail::errno_text(err);
            return nullptr;
        }
    }

    std::string endpoint() const override { return prefix_ + bound_; }
    std::string error() const override { return error_; }

    // The listening socket, so a transport can wait on several listeners at once (1.4).
    int native_handle() { return acceptor_.native_handle(); }

private:
    explicit StreamListener(std::string prefix) : acceptor_(io_), prefix_(std::move(prefix)) {}

    boost::asio::io_context io_;
    typename Protocol::acceptor acceptor_;
    std::string prefix_;
    std::string bound_;
    std::string unlink_path_;
    ConnectionMaker make_;
    std::string error_;
};

// Connects a socket to the first of `candidates` that answers, by `deadline`. `peer`
// is what errors name ("host:8765"). Returns the connected, non-blocking descriptor, or
// -1 + error.
template <typename Endpoint>
int connect_socket(const std::vector<Endpoint>& candidates, const std::string& peer,
                   const stream_detail::Deadline& deadline, std::int64_t timeout_ms, std::string& error) {
    std::string reason = "no address to connect to";
    for (const auto& endpoint : candidates) {
        const int family = endpoint.protocol().family();
        const int fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
                                endpoint.protocol().protocol());
        if (fd < 0) {
            reason = stream_detail::errno_text(errno);
            continue;
        }
        int err = 0;
        if (::connect(fd, endpoint.data(), static_cast<socklen_t>(endpoint.size())) != 0) {
            err = errno;
            if (err == EINPROGRESS || err == EINTR) {
                const int ready = stream_detail::wait_ready(fd, POLLOUT, deadline);
                if (ready == 0) {
                    ::close(fd);
                    error = "cannot connect to " + peer + ": timed out after " +
                            std::to_string(timeout_ms) + " ms";
                    return -1;
                }
                socklen_t size = sizeof err;
                if (ready < 0) err = errno;
                else if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &size) != 0) err = errno;
            }
        }
        if (err == 0) {
            stream_detail::tune_socket(fd, family);
            return fd;
        }
        ::close(fd);
        reason = stream_detail::errno_text(err);
    }
    error = "cannot connect to " + peer + ": " + reason;
    return -1;
}

// Connects to the first of `candidates` that answers, all within timeout_ms. `peer` is
// what the connection's peer() reports and what errors name ("host:8765").
template <typename Endpoint>
std::unique_ptr<Connection> connect_stream(const std::vector<Endpoint>& candidates,
                                           const std::string& peer, std::int64_t timeout_ms,
                                           std::string& error) {
    const stream_detail::Deadline deadline(timeout_ms);
    const int fd = connect_socket(candidates, peer, deadline, timeout_ms, error);
    if (fd < 0) return nullptr;
    return std::make_unique<StreamConnection>(fd, peer);
}

}  // namespace fio::sdk
