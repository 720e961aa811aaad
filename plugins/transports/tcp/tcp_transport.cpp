// The `tcp` transport: fio's default between a client and its servers.
//
//   listen  "8765"            every address, IPv4 and IPv6 on one dual-stack socket
//           "HOST:8765"       one address (a name is resolved; the first that binds wins)
//           "[::1]:8765"      an IPv6 address
//           "0", "HOST:0"     a free port, which endpoint() then reports
//   connect "HOST:PORT", "[::1]:PORT", "HOST" (port 8765)
//
// Names are resolved with the system resolver before the connect timeout starts; a
// numeric address resolves at once.
#include <fio/sdk/host_port.hpp>
#include <fio/sdk/plugin.hpp>
#include <fio/sdk/stream_connection.hpp>
#include <fio/sdk/transport.hpp>

#include <boost/asio/ip/tcp.hpp>

#include <exception>
#include <memory>
#include <string>
#include <vector>

namespace {

using boost::asio::ip::tcp;
using namespace fio::sdk;

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

class TcpTransport final : public Transport {
public:
    std::unique_ptr<Listener> listen(const std::string& endpoint, std::string& error) override {
        try {
            if (is_port_number(endpoint)) return listen_any(parse_port_or_zero(endpoint), error);
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
