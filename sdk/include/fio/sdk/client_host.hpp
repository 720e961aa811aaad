// The host label of a client run's results (JobResult::client_host and its kin) taken
// apart: the JSON document reports a job's server as "hostname" and "port", as stock
// fio's client_stats does. Header-only.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace fio::sdk {

struct ClientHostParts {
    std::string hostname;    // "127.0.0.1", "::1" (no brackets), "storage1", or a socket path
    std::uint16_t port = 0;  // 0 for a unix socket path or a label without a port
};

// "HOST:PORT" -> {HOST, PORT}; "[::1]:PORT" -> {"::1", PORT}; a unix socket path (or any
// label without a numeric port after its last colon) -> {label, 0}. A path may hold
// colons, so a label with a '/' is always a path.
inline ClientHostParts split_client_host(std::string_view label) {
    const auto port_of = [](std::string_view digits, std::uint16_t& port) {
        if (digits.empty()) return false;
        const char* end = digits.data() + digits.size();
        const auto [stop, error] = std::from_chars(digits.data(), end, port);
        return error == std::errc() && stop == end;
    };
    ClientHostParts parts{std::string(label), 0};
    if (label.find('/') != std::string_view::npos) return parts;
    if (label.starts_with('[')) {
        const std::size_t close = label.find(']');
        if (close == std::string_view::npos) return parts;
        const std::string_view rest = label.substr(close + 1);
        std::uint16_t port = 0;
        if (rest.empty() || (rest.front() == ':' && port_of(rest.substr(1), port))) {
            return {std::string(label.substr(1, close - 1)), port};
        }
        return parts;
    }
    const std::size_t colon = label.rfind(':');
    // More than one colon without brackets: a bare IPv6 address, no port.
    if (colon == std::string_view::npos || label.find(':') != colon) return parts;
    std::uint16_t port = 0;
    if (!port_of(label.substr(colon + 1), port)) return parts;
    return {std::string(label.substr(0, colon)), port};
}

}  // namespace fio::sdk
