// "HOST:PORT" text as endpoints spell it: the one parser that the core's endpoint
// forms and every network transport share, so "[::1]:8765" means the same everywhere.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fio::sdk {

// fio's port when none is given (stock fio's too).
inline constexpr std::uint16_t kDefaultServerPort = 8765;

struct HostPort {
    std::string host;  // without brackets; empty when the text was ":PORT"
    std::uint16_t port = 0;
    bool has_port = false;
};

// "65535" -> 65535; false for anything but 1-5 decimal digits up to 65535.
inline bool parse_port(std::string_view text, std::uint16_t& port) {
    if (text.empty() || text.size() > 5) return false;
    unsigned value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value > 65535) return false;
    port = static_cast<std::uint16_t>(value);
    return true;
}

inline bool is_port_number(std::string_view text) {
    std::uint16_t ignored = 0;
    return parse_port(text, ignored);
}

// Splits "HOST:PORT", "[V6ADDR]:PORT", "[V6ADDR]", "HOST" and a bare IPv6 address
// ("::1", which has more than one colon, so no port). A bare word, digits or not, is a
// host; whether "8765" alone means a port is the caller's choice (is_port_number).
// false + a reason ("unclosed '['") on malformed text; the caller names the text.
inline bool split_host_port(std::string_view text, HostPort& out, std::string& error) {
    out = HostPort{};
    if (text.empty()) {
        error = "empty address";
        return false;
    }
    std::string_view port_text;
    if (text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos) {
            error = "unclosed '['";
            return false;
        }
        out.host = std::string(text.substr(1, close - 1));
        const auto rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') {
                error = "expected ':PORT' after ']'";
                return false;
            }
            port_text = rest.substr(1);
            out.has_port = true;
        }
        if (out.host.empty()) {
            error = "empty address between brackets";
            return false;
        }
    } else {
        const auto colon = text.find(':');
        if (colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos) {
            out.host = std::string(text.substr(0, colon));
            port_text = text.substr(colon + 1);
            out.has_port = true;
        } else {
            out.host = std::string(text);  // a name, an IPv4 address or a bare IPv6 one
        }
    }
    if (out.has_port && !parse_port(port_text, out.port)) {
        error = "bad port '" + std::string(port_text) + "' (a number from 0 to 65535)";
        return false;
    }
    return true;
}

// "HOST:PORT", with brackets around an IPv6 address.
inline std::string join_host_port(std::string_view host, std::uint16_t port) {
    const bool v6 = host.find(':') != std::string_view::npos;
    std::string text;
    text.reserve(host.size() + 8);
    if (v6) text += '[';
    text.append(host);
    if (v6) text += ']';
    text += ':';
    text += std::to_string(port);
    return text;
}

}  // namespace fio::sdk
