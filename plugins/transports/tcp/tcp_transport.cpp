// The `tcp` transport: fio's default between a client and its servers. Its endpoints
// are those of fio/sdk/tcp_endpoints.hpp ("8765", "HOST:8765", "[::1]:8765", "HOST"),
// and one of its own for listening:
//
//   "loopback:8765"   127.0.0.1 and [::1] only (a server without authentication);
//                     endpoint() reports the IPv4 one
#include <fio/sdk/host_port.hpp>
#include <fio/sdk/plugin.hpp>
#include <fio/sdk/stream_connection.hpp>
#include <fio/sdk/tcp_endpoints.hpp>
#include <fio/sdk/transport.hpp>

#include <boost/asio/ip/tcp.hpp>

#include <poll.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

namespace {

using boost::asio::ip::tcp;
using namespace fio::sdk;

constexpr std::string_view kLoopbackPrefix = "loopback:";

// The port at the end of "tcp:ADDR:PORT".
std::uint16_t port_of(const std::string& endpoint) {
    std::uint16_t port = 0;
    parse_port(endpoint.substr(endpoint.rfind(':') + 1), port);
    return port;
}

// Listens on 127.0.0.1 and [::1], the same port on both: what this host alone can reach.
class LoopbackListener final : public Listener {
public:
    using Socket = StreamListener<tcp>;

    static std::unique_ptr<Listener> open(std::uint16_t port, std::string& error) {
        // With port 0 the IPv4 socket picks it; [::1] may have it taken: pick again (the
        // last try keeps IPv4 alone, as on a host without IPv6).
        constexpr int kAttempts = 8;
        for (int attempt = 1;; ++attempt) {
            auto v4 = Socket::open(tcp::endpoint(boost::asio::ip::address_v4::loopback(), port), "tcp:", {},
                                   error);
            if (!v4) return nullptr;
            std::string v6_error;
            auto v6 = Socket::open(tcp::endpoint(boost::asio::ip::address_v6::loopback(), port_of(v4->endpoint())),
                                   "tcp:", {}, v6_error);
            if (v6 || port != 0 || attempt == kAttempts) {
                // Without IPv6 on the loopback, IPv4 alone serves this host.
                return std::unique_ptr<Listener>(new LoopbackListener(std::move(v4), std::move(v6)));
            }
        }
    }

    std::unique_ptr<Connection> accept(std::int64_t timeout_ms) override {
        pollfd ready[2] = {{v4_->native_handle(), POLLIN, 0}, {v6_ ? v6_->native_handle() : -1, POLLIN, 0}};
        const int n = ::poll(ready, v6_ ? 2 : 1, static_cast<int>(std::clamp<std::int64_t>(timeout_ms, 0, 1 << 30)));
        if (n <= 0) return nullptr;  // timeout (or EINTR: the caller polls again)
        Socket* sockets[2] = {v4_.get(), v6_.get()};
        for (int i = 0; i < 2; ++i) {
            if (ready[i].revents == 0) continue;
            if (auto connection = sockets[i]->accept(0)) return connection;
            error_ = sockets[i]->error();
        }
        return nullptr;
    }

    std::string endpoint() const override { return v4_->endpoint(); }
    std::string error() const override { return error_; }

private:
    LoopbackListener(std::unique_ptr<Socket> v4, std::unique_ptr<Socket> v6)
        : v4_(std::move(v4)), v6_(std::move(v6)) {}

    std::unique_ptr<Socket> v4_;
    std::unique_ptr<Socket> v6_;  // null when the host has no IPv6 loopback
    std::string error_;
};

class TcpTransport final : public Transport {
public:
    std::unique_ptr<Listener> listen(const std::string& endpoint, std::string& error) override {
        if (!endpoint.starts_with(kLoopbackPrefix)) return listen_tcp(endpoint, "tcp", error);
        try {
            const std::string port = endpoint.substr(kLoopbackPrefix.size());
            std::uint16_t number = 0;
            if (!is_port_number(port) || !parse_port(port, number)) {
                error = "cannot listen on tcp:" + endpoint + ": '" + port + "' is not a port";
                return nullptr;
            }
            return LoopbackListener::open(number, error);
        } catch (const std::exception& e) {
            error = std::string("cannot listen on tcp:") + endpoint + ": " + e.what();
            return nullptr;
        }
    }

    std::unique_ptr<Connection> connect(const std::string& endpoint, std::int64_t timeout_ms,
                                        std::string& error) override {
        stream_detail::Deadline deadline(timeout_ms);
        TcpTarget target;
        const int fd = connect_tcp_socket(endpoint, "tcp", timeout_ms, deadline, target, error);
        if (fd < 0) return nullptr;
        return std::make_unique<StreamConnection>(fd, target.peer);
    }
};

Transport* make_transport(const TransportSetup&, char* error, std::size_t error_size) noexcept {
    try {
        return new TcpTransport();
    } catch (const std::exception& e) {
        write_error(error, error_size, e.what());
        return nullptr;
    }
}

}  // namespace

FIO_DECLARE_TRANSPORT_PLUGIN("tcp", "1.0.0", "framed messages over TCP, IPv4 and IPv6 (the default)",
                             FIO_NO_OPTIONS, make_transport);
