// One submitted run on the server side: its job files in a private directory, a run
// process started on them, and its events relayed to the client until it ends.
#pragma once

#include "remote/server_state.hpp"

#include <fio/sdk/transport.hpp>
#include <fio/sdk/wire_messages.hpp>

#include <cstdint>

namespace fio::core {

// Returns once the run process is reaped and its directory removed. The client gets
// every event of the run, then one stop message with the run's exit status. A client
// that disconnects ends the run at once (SIGKILL to its process group); one that sends
// stop ends it gracefully (SIGTERM: the jobs stop and still report). Returns false when
// the client is gone.
bool relay_run(sdk::Connection& connection, const sdk::wire::JobSubmission& submission,
               std::uint64_t tag, ServerState& state);

}  // namespace fio::core
