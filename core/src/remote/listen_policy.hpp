// The safe default of fio --server: without a token (--auth-token-file) and without TLS
// (the `tls` transport), anyone who reaches the server could run jobs as its user, so it
// listens only where this host alone can reach it (loopback addresses, Unix sockets).
// Any other address needs --allow-insecure, which says what it exposes.
#pragma once

#include "remote/endpoint.hpp"

#include <string>

namespace fio::core {

struct ListenPlan {
    Endpoint endpoint;   // where to listen (the default tcp address becomes loopback only)
    std::string notice;  // one line for the server's log at start; "" when none
};

// Throws std::invalid_argument (one line naming the address and what to do) when an
// unsecured server would listen beyond this host without --allow-insecure.
ListenPlan plan_listening(const Endpoint& requested, bool authenticated, bool allow_insecure);

// Whether every address `host` names is a loopback one (127.0.0.0/8, ::1); a name is
// resolved. False when it names none.
bool is_loopback_host(const std::string& host);

}  // namespace fio::core
