// The authentication handshake on a connection, before the probe (docs/protocol.md,
// "Authentication"): client hello with its nonce, server challenge with its own, the
// client's proof, then the server's. No secret crosses the wire; every wait is bounded.
#pragma once

#include "auth/authenticator.hpp"
#include "remote/server_state.hpp"

#include <fio/sdk/transport.hpp>

#include <cstdint>
#include <string>

namespace fio::core {

// A peer that has not finished the handshake by then is dropped (server side), or
// given up on (client side).
inline constexpr std::int64_t kServerAuthTimeoutMs = 5'000;
inline constexpr std::int64_t kClientAuthTimeoutMs = 10'000;

// Client side: proves this client holds the token and checks the server's proof.
// Returns "" when both sides proved it, else one line for the user saying why not.
std::string authenticate_to_server(sdk::Connection& connection, const Authenticator& auth);

// Server side, first thing on every connection when the server has a token: true when
// the client proved it holds the token. Otherwise one line in the server's log (peer and
// reason), the reason to the client as an ErrorReply, and false (close the connection).
bool admit_client(sdk::Connection& connection, const Authenticator& auth, ServerState& state);

// admit_client when the server has a token (always true when it has none); a failure of
// the crypto module refuses the client instead of ending the server.
bool admit_peer(sdk::Connection& connection, ServerState& state);

// What a server without a token tells a client that opens with a hello.
std::string no_token_on_server_reason();

}  // namespace fio::core
