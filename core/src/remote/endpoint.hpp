// Where a server listens and where a client connects: the endpoint forms of
// --server, --transport and --client, ours and stock fio's, reduced to a transport
// name and the address that transport's listen() or connect() takes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fio::core {

struct Endpoint {
    std::string transport;  // "tcp", "unix", or a vendor transport's name
    std::string address;    // what Transport::listen/connect takes: "HOST:PORT", "8765", "/path"
    std::string text() const { return transport + ":" + address; }  // "tcp:HOST:PORT"
};

// --server[=SPEC] / --transport SPEC forms: "", "tcp:8765", "tcp:HOST:8765", "tcp:[::1]:8765",
// "unix:/path", stock's "ip:ADDR,PORT" ("ip4:" too), "ip6:ADDR,PORT", "sock:PATH",
// "ADDR,PORT", ",PORT", "ADDR". Default: tcp port 8765, all addresses (address "8765").
// Throws std::invalid_argument("<what>: <why>").
Endpoint parse_server_endpoint(std::string_view spec);

// --client=SPEC: "HOST", "HOST,PORT", "HOST:PORT", "ip:HOST,PORT", "ip6:ADDR,PORT",
// "sock:PATH", "tcp:HOST:PORT", "tcp:[::1]:PORT", "unix:/path", or a FILE that exists:
// one host per line (blank lines and # comments skipped) -> several endpoints.
// Throws std::invalid_argument("<what>: <why>"); a file's errors name FILE:LINE.
std::vector<Endpoint> parse_client_spec(std::string_view spec);

}  // namespace fio::core
