#include "remote/endpoint.hpp"

#include "util/bounded_file.hpp"

#include <fio/sdk/host_port.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace fio::core {

namespace {

enum class Role { server, client };

[[noreturn]] void refuse(std::string_view spec, std::string_view why) {
    throw std::invalid_argument(fmt::format("endpoint '{}': {}", spec, why));
}

// A transport's name as an endpoint prefix spells it: "tcp", "ip6", "my-tls".
bool is_transport_name(std::string_view word) {
    if (word.empty()) return false;
    for (char c : word) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) return false;
    }
    return word.front() >= 'a' && word.front() <= 'z';
}

// "::1", "fe80::1%eth0", "::ffff:1.2.3.4": an IPv6 literal written without brackets.
bool looks_like_bare_ipv6(std::string_view text) {
    if (text.find(':') == text.rfind(':')) return false;  // fewer than two colons
    const auto scope = text.find('%');
    for (char c : text.substr(0, scope)) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
                        c == ':' || c == '.';
        if (!ok) return false;
    }
    return true;
}

void check_host(std::string_view spec, std::string_view host) {
    for (char c : host) {
        if (c == ' ' || c == '\t' || c == '/' || c == ',' || c == '[' || c == ']') {
            refuse(spec, fmt::format("'{}' is not a host name or address", host));
        }
    }
}

// The tcp address for `host` and `port` (port_given false: the default port). A server
// with no host listens on every address: the address is the port alone.
std::string tcp_address(std::string_view spec, std::string_view host, bool port_given,
                        std::uint16_t port, Role role) {
    if (!port_given) port = sdk::kDefaultServerPort;
    if (role == Role::client) {
        if (host.empty()) refuse(spec, "no host to connect to");
        if (port == 0) refuse(spec, "port 0 cannot be connected to");
    }
    if (host.empty()) return std::to_string(port);
    check_host(spec, host);
    return sdk::join_host_port(host, port);
}

// Our colon forms: "8765" (server), "HOST", "HOST:PORT", "[V6]:PORT", a bare IPv6 address.
std::string colon_form(std::string_view spec, std::string_view text, Role role) {
    if (text.empty()) return tcp_address(spec, {}, false, 0, role);
    if (sdk::is_port_number(text)) {
        if (role == Role::client) {
            refuse(spec, fmt::format("'{}' is a port; name the host too (tcp:HOST:{})", text, text));
        }
        std::uint16_t port = 0;
        sdk::parse_port(text, port);
        return tcp_address(spec, {}, true, port, role);
    }
    sdk::HostPort where;
    std::string why;
    if (!sdk::split_host_port(text, where, why)) refuse(spec, why);
    return tcp_address(spec, where.host, where.has_port, where.port, role);
}

// Stock fio's comma forms: "ADDR,PORT", ",PORT", "ADDR" (an IPv6 ADDR with or without brackets).
std::string comma_form(std::string_view spec, std::string_view text, Role role) {
    const auto comma = text.rfind(',');
    if (comma == std::string_view::npos) return colon_form(spec, text, role);
    std::string_view host = text.substr(0, comma);
    const std::string_view port_text = text.substr(comma + 1);
    std::uint16_t port = 0;
    if (!sdk::parse_port(port_text, port)) {
        refuse(spec, fmt::format("bad port '{}' (a number from 0 to 65535)", port_text));
    }
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return tcp_address(spec, host, true, port, role);
}

Endpoint socket_path(std::string_view spec, std::string_view path) {
    if (path.empty()) refuse(spec, "no socket path (unix:/path/to/socket)");
    return {"unix", std::string(path)};
}

Endpoint parse_one(std::string_view spec, Role role) {
    if (spec.empty()) {
        if (role == Role::client) refuse(spec, "no server named");
        return {"tcp", std::to_string(sdk::kDefaultServerPort)};
    }
    // A transport named alone (--transport tcp): its default address.
    if (role == Role::server && spec == "tcp") return parse_one({}, role);
    if (spec == "unix" || spec == "sock") return socket_path(spec, {});
    const auto colon = spec.find(':');
    const std::string_view prefix = colon == std::string_view::npos ? std::string_view{} : spec.substr(0, colon);
    const std::string_view rest = colon == std::string_view::npos ? std::string_view{} : spec.substr(colon + 1);
    if (prefix == "tcp") return {"tcp", colon_form(spec, rest, role)};
    if (prefix == "ip" || prefix == "ip4" || prefix == "ip6") return {"tcp", comma_form(spec, rest, role)};
    if (prefix == "unix" || prefix == "sock") return socket_path(spec, rest);
    if (spec.find(',') != std::string_view::npos) return {"tcp", comma_form(spec, spec, role)};
    if (colon == std::string_view::npos || spec.front() == '[' || looks_like_bare_ipv6(spec) ||
        sdk::is_port_number(rest)) {
        return {"tcp", colon_form(spec, spec, role)};  // "HOST", "HOST:PORT", "[V6]:PORT", "::1"
    }
    if (is_transport_name(prefix)) {
        // Another transport plugin's endpoint: its address is that plugin's business.
        if (rest.empty()) refuse(spec, fmt::format("no address after '{}:'", prefix));
        return {std::string(prefix), std::string(rest)};
    }
    refuse(spec, "not an endpoint (tcp:HOST:PORT, unix:/path, ip:HOST,PORT or HOST)");
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

// A host list names at most this many servers (each is a connection and a thread).
constexpr std::size_t kMaxClientHosts = 4096;

// One server per line; blank lines and lines starting with '#' are skipped.
std::vector<Endpoint> parse_host_file(const std::string& path) {
    std::string content;
    try {
        content = read_bounded_file(path);
    } catch (const InputFileError& e) {
        throw std::invalid_argument(fmt::format("client host file '{}': {}", path, e.what()));
    }
    std::vector<Endpoint> endpoints;
    std::string_view rest = content;
    for (int number = 1; !rest.empty(); ++number) {
        const auto newline = rest.find('\n');
        const std::string_view text = trim(rest.substr(0, newline));
        rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
        if (text.empty() || text.front() == '#') continue;
        if (endpoints.size() == kMaxClientHosts) {
            throw std::invalid_argument(fmt::format("{}:{}: more than {} servers in one host file",
                                                    path, number, kMaxClientHosts));
        }
        try {
            endpoints.push_back(parse_one(text, Role::client));
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(fmt::format("{}:{}: {}", path, number, e.what()));
        }
    }
    if (endpoints.empty()) {
        throw std::invalid_argument(fmt::format("client host file '{}': no server in it", path));
    }
    return endpoints;
}

}  // namespace

Endpoint parse_server_endpoint(std::string_view spec) { return parse_one(spec, Role::server); }

std::vector<Endpoint> parse_client_spec(std::string_view spec) {
    std::error_code ec;
    const std::string path(spec);
    if (!spec.empty() && std::filesystem::is_regular_file(path, ec)) return parse_host_file(path);
    return {parse_one(spec, Role::client)};
}

}  // namespace fio::core
