// TCP endpoints as transports write them, shared by every transport over TCP (tcp, tls):
//
//   listen  "8765"            every address, IPv4 and IPv6 on one dual-stack socket
//           "HOST:8765"       one address (a name is resolved; the first that binds wins)
//           "[::1]:8765"      an IPv6 address
//           "0", "HOST:0"     a free port, which the listener's endpoint() then reports
//   connect "HOST:PORT", "[::1]:PORT", "HOST" (port 8765)
//
// Names are resolved with the system resolver before the connect timeout starts; a
// numeric address resolves at once.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "fio/sdk/host_port.hpp"
#include "fio/sdk/stream_connection.hpp"
#include "fio/sdk/transport.hpp"

namespace fio::sdk {

namespace tcp_detail {

using boost::asio::ip::tcp;

// The addresses `host` names, in the resolver's order; empty + error when none.
inline std::vector<tcp::endpoint> resolve(const std::string& host, std::uint16_t port, bool passive,
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

inline std::unique_ptr<Listener> listen_any(std::uint16_t port, const std::string& prefix,
                                            const ConnectionMaker& make, std::string& error) {
    // The IPv6 wildcard also takes IPv4 (v6_only off); a host without IPv6 gets IPv4 alone.
    if (auto listener = StreamListener<tcp>::open(tcp::endpoint(tcp::v6(), port), prefix, {}, error, make)) {
        return listener;
    }
    std::string v4_error;
    if (auto listener = StreamListener<tcp>::open(tcp::endpoint(tcp::v4(), port), prefix, {}, v4_error, make)) {
        error.clear();
        return listener;
    }
    return nullptr;  // the IPv6 reason, which names the port
}

}  // namespace tcp_detail

// Listens on `endpoint` (the text after "<scheme>:"); each accepted socket is wrapped by
// `make` (empty: a plain StreamConnection). nullptr + error on failure.
inline std::unique_ptr<Listener> listen_tcp(const std::string& endpoint, const std::string& scheme,
                                            std::string& error, const ConnectionMaker& make = {}) {
    const std::string prefix = scheme + ":";
    try {
        if (is_port_number(endpoint)) {
            std::uint16_t port = 0;
            parse_port(endpoint, port);
            return tcp_detail::listen_any(port, prefix, make, error);
        }
        HostPort where;
        if (!split_host_port(endpoint, where, error)) {
            error = "cannot listen on " + prefix + endpoint + ": " + error;
            return nullptr;
        }
        const std::uint16_t port = where.has_port ? where.port : kDefaultServerPort;
        if (where.host.empty()) return tcp_detail::listen_any(port, prefix, make, error);
        const auto candidates = tcp_detail::resolve(where.host, port, true, error);
        for (const auto& candidate : candidates) {
            if (auto listener = StreamListener<tcp_detail::tcp>::open(candidate, prefix, {}, error, make)) {
                error.clear();
                return listener;
            }
        }
        return nullptr;
    } catch (const std::exception& e) {
        error = "cannot listen on " + prefix + endpoint + ": " + e.what();
        return nullptr;
    }
}

// Where a client connects: the host as written (for messages, and for TLS the name the
// server's certificate must carry), its port, and "host:port" as peer() reports it.
struct TcpTarget {
    std::string host;
    std::uint16_t port = kDefaultServerPort;
    std::string peer;
};

// Parses `endpoint` (the text after "<scheme>:"), resolves it, then connects a socket
// within timeout_ms; `deadline` is set to when that time ends (a TLS handshake shares
// it). Returns the connected, non-blocking descriptor, or -1 + error.
inline int connect_tcp_socket(const std::string& endpoint, const std::string& scheme,
                              std::int64_t timeout_ms, stream_detail::Deadline& deadline,
                              TcpTarget& target, std::string& error) {
    try {
        HostPort where;
        if (!split_host_port(endpoint, where, error)) {
            error = "cannot connect to " + scheme + ":" + endpoint + ": " + error;
            return -1;
        }
        if (where.host.empty()) {
            error = "no host to connect to in " + scheme + ":" + endpoint;
            return -1;
        }
        target.host = where.host;
        target.port = where.has_port ? where.port : kDefaultServerPort;
        target.peer = join_host_port(where.host, target.port);
        const auto candidates = tcp_detail::resolve(where.host, target.port, false, error);
        if (candidates.empty()) return -1;
        deadline = stream_detail::Deadline(timeout_ms);
        return connect_socket(candidates, target.peer, deadline, timeout_ms, error);
    } catch (const std::exception& e) {
        error = "cannot connect to " + scheme + ":" + endpoint + ": " + e.what();
        return -1;
    }
}

}  // namespace fio::sdk
