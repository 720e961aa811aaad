// --metrics-listen=ADDR:PORT: serves the run's live metrics at /metrics over HTTP
// (Boost.Beast), on its own thread, from the newest snapshot on a MetricsBoard. It
// listens on loopback unless the address names another one explicitly; destroying the
// server stops it at once, whatever scraper is still connected.
#pragma once

#include "metrics/metrics_board.hpp"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace fio::core {

class MetricsListenError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Where --metrics-listen asks to listen: "HOST:PORT", "[V6]:PORT", ":PORT" or "PORT"
// (the last two on 127.0.0.1). Port 0 lets the system pick one.
struct MetricsAddress {
    std::string host;
    std::uint16_t port = 0;
};

// Throws MetricsListenError: one line naming the option and what is wrong.
MetricsAddress parse_metrics_address(std::string_view text);

class MetricsServer {
public:
    // Binds and starts serving. Throws MetricsListenError (unresolvable host, port in
    // use, no permission) with one line naming --metrics-listen.
    MetricsServer(const MetricsBoard& board, std::string_view listen_text);
    ~MetricsServer();
    MetricsServer(const MetricsServer&) = delete;
    MetricsServer& operator=(const MetricsServer&) = delete;

    // The address and port it listens on ("127.0.0.1", 9100; the port chosen for :0).
    const std::string& address() const noexcept;
    std::uint16_t port() const noexcept;
    // Whether the address reaches beyond this host (the caller warns).
    bool beyond_loopback() const noexcept;
    // "http://127.0.0.1:9100/metrics" ("[::1]" for IPv6).
    std::string url() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace fio::core
