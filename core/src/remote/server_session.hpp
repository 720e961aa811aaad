// One client connection on the server: the probe, then runs until the client leaves.
#pragma once

#include "remote/server_state.hpp"

#include <fio/sdk/transport.hpp>

#include <memory>

namespace fio::core {

// Serves `connection` to its end. Anything the peer sends, whatever its bytes, ends at
// worst in a refusal and a closed connection, with one line in the server's log.
void serve_connection(std::unique_ptr<sdk::Connection> connection, ServerState& state);

}  // namespace fio::core
