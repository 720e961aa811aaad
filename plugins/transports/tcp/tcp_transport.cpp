// The `tcp` transport: fio's default between a client and its servers.
//
//   listen  "8765"            every address, IPv4 and IPv6 on one dual-stack socket
//           "HOST:8765"       one address (a name is resolved; the first that binds wins)
//           "[::1]:8765"      an IPv6 address
//           "0", "HOST:0"     a free port, which endpoint() then reports
//           "loopback:8765"   127.0.0.1 and [::1] only (a server without authentication);
//                             endpoint() reports the IPv4 one
//   connect "HOST:PORT", "[::1]:PORT", "HOST" (port 8765)
//
// Names are resolved with the system resolver before the connect timeout starts; a
// numeric address resolves at once.
#include <fio/sdk/host_port.hpp>
#include <fio/sdk/plugin.hpp>
#include <fio/sdk/stream_connection.hpp>
#include <fio/sdk/transport.hpp>

#include <boost/asio/ip/tcp.hpp>

#include <poll.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

using boost::asio::ip::tcp;
using namespace fio::sdk;

constexpr std::string_view kLoopbackPrefix = "loopback:";

// The addresses `host` names, in the resolver's order; empty + error when none.
std::vector<tcp::endpoint> resolve(const std::string& host, std::uint16_t port, bool passive,
                                   std::string& error) {
    boost::asio::io_context io;
    tcp::resolver resolver(io);
    auto flags = tcp::resolver::numeric_service;
    if (passive) flags |= tcp::resolver::passive;
    boost::system::error_code ec;
    const auto results = resolver.resolve(host, std::to_string(port), flags, ec);
    std::vector<tcp::endpoint> endpoints;
    if (!ec) {
        for (const auto& entry : results) endpoints.push_back(entry.endpoint());
    }
    if (endpoints.empty()) {
        error = "cannot resolve '" + host + "': " + (ec ? ec.message() : "no address");
    }
    return endpoints;
}

std::unique_ptr<Listener> listen_any(std::uint16_t port, std::string& error) {
    // The IPv6 wildcard also takes IPv4 (v6_only off); a host without IPv6 gets IPv4 alone.
    if (auto listener = StreamListener<tcp>::open(tcp::endpoint(tcp::v6(), port), "tcp:", {}, error)) {
        return listener;
    }
    std::string v4_error;
    if (auto listener = StreamListener<tcp>::open(tcp::endpoint(tcp::v4(), port), "tcp:", {}, v4_error)) {
        error.clear();
        return listener;
    }
    return nullptr;  // the IPv6 reason, which names the port
}

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
        try {
            if (is_port_number(endpoint)) return listen_any(parse_port_or_zero(endpoint), error);
            if (endpoint.starts_with(kLoopbackPrefix)) {
                const std::string port = endpoint.substr(kLoopbackPrefix.size());
                if (!is_port_number(port)) {
                    error = "cannot listen on tcp:" + endpoint + ": '" + port + "' is not a port";
                    return nullptr;
                }
                return LoopbackListener::open(parse_port_or_zero(port), error);
            }
            HostPort where;
            if (!split_host_port(endpoint, where, error)) {
                error = "cannot listen on tcp:" + endpoint + ": " + error;
                return nullptr;
            }
            const std::uint16_t port = where.has_port ? where.port : kDefaultServerPort;
            if (where.host.empty()) return listen_any(port, error);
            const auto candidates = resolve(where.host, port, true, error);
            for (const auto& candidate : candidates) {
                if (auto listener = StreamListener<tcp>::open(candidate, "tcp:", {}, error)) {
                    error.clear();
                    return listener;
                }
            }
            return nullptr;
        } catch (const std::exception& e) {
            error = std::string("cannot listen on tcp:") + endpoint + ": " + e.what();
            return nullptr;
        }
    }

    std::unique_ptr<Connection> connect(const std::string& endpoint, std::int64_t timeout_ms,
                                        std::string& error) override {
        try {
            HostPort where;
            if (!split_host_port(endpoint, where, error)) {
                error = "cannot connect to tcp:" + endpoint + ": " + error;
                return nullptr;
            }
            if (where.host.empty()) {
                error = "no host to connect to in tcp:" + endpoint;
                return nullptr;
            }
            const std::uint16_t port = where.has_port ? where.port : kDefaultServerPort;
            const std::string peer = join_host_port(where.host, port);
            const auto candidates = resolve(where.host, port, false, error);
            if (candidates.empty()) return nullptr;
            return connect_stream(candidates, peer, timeout_ms, error);
        } catch (const std::exception& e) {
            error = std::string("cannot connect to tcp:") + endpoint + ": " + e.what();
            return nullptr;
        }
    }

private:
    static std::uint16_t parse_port_or_zero(const std::string& text) {
        std::uint16_t port = 0;
        parse_port(text, port);
        return port;
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
