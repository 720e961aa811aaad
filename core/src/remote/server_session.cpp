#include "remote/server_session.hpp"

#include "remote/auth_handshake.hpp"
#include "remote/protocol_version.hpp"
#include "remote/run_relay.hpp"
#include "remote/submission_limits.hpp"
#include "remote/wire_io.hpp"

#include <fio/sdk/frame.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <chrono>

#include <poll.h>
#include <sys/socket.h>

namespace fio::core {
namespace {

namespace wire = sdk::wire;

constexpr std::int64_t kProbeTimeoutMs = 10'000;
constexpr std::int64_t kSendTimeoutMs = 5'000;
constexpr std::int64_t kPollMs = 200;
constexpr auto kRefusalLinger = std::chrono::seconds(1);

bool refuse(sdk::Connection& connection, std::uint64_t tag, const std::string& reason) {
    wire::ErrorReply reply;
    reply.reason = reason;
    return connection.send(make_message(wire::Opcode::error, tag, reply), kSendTimeoutMs);
}

// A peer of another protocol (stock fio's client) writes its whole request before it
// reads a reply. Closing at once would reset the connection under it: it would die of
// SIGPIPE without showing our refusal. So stop sending, take in what it still sends and
// close when it does, or after a bound.
void let_peer_read_refusal(sdk::Connection& connection, const ServerState& state) {
    const int fd = connection.native_handle();
    if (fd < 0) return;
    ::shutdown(fd, SHUT_WR);
    const auto deadline = std::chrono::steady_clock::now() + kRefusalLinger;
    char sink[4096];
    while (!state.stopping() && std::chrono::steady_clock::now() < deadline) {
        pollfd ready{fd, POLLIN, 0};
        if (::poll(&ready, 1, 100) < 0 && errno != EINTR) return;
        if (ready.revents == 0) continue;
        const ssize_t n = ::recv(fd, sink, sizeof sink, 0);
        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)) return;
    }
}

// The first message must be a probe from a peer of our major version.
bool handshake(sdk::Connection& connection, ServerState& state) {
    auto first = connection.receive(kProbeTimeoutMs);
    if (!first) {
        const std::string why = connection.error().empty() ? "no probe within 10 s" : connection.error();
        state.log(fmt::format("{}: refused: {}", connection.peer(), why));
        // A peer of another protocol still learns why, in a frame of ours.
        if (!connection.error().empty() && refuse(connection, 0, why)) let_peer_read_refusal(connection, state);
        return false;
    }
    if (opcode_of(*first) != wire::Opcode::probe) {
        const std::string why = opcode_of(*first) == wire::Opcode::auth_hello
                                    ? no_token_on_server_reason()
                                    : fmt::format("expected a probe first, got opcode {}", first->opcode);
        state.log(fmt::format("{}: refused: {}", connection.peer(), why));
        refuse(connection, first->tag, why);
        return false;
    }
    wire::ProbeRequest request;
    std::string error;
    if (!sdk::wire::decode_payload(first->payload, request, error)) {
        state.log(fmt::format("{}: refused: bad probe: {}", connection.peer(), error));
        refuse(connection, first->tag, "bad probe: " + error);
        return false;
    }
    if (request.proto_major != wire::kProtocolMajor) {
        const std::string why = fmt::format("peer speaks protocol {}.{}; this fio speaks protocol {}.{}",
                                            request.proto_major, request.proto_minor,
                                            wire::kProtocolMajor, announced_protocol_minor());
        state.log(fmt::format("{}: refused: {}", connection.peer(), why));
        refuse(connection, first->tag, why);
        return false;
    }
    wire::ProbeReply reply = state.probe();
    reply.proto_minor = announced_protocol_minor();
    return connection.send(make_message(wire::Opcode::probe, first->tag, reply), kSendTimeoutMs);
}

// Runs one submission unless another client's run holds the server.
bool handle_run(sdk::Connection& connection, const sdk::Message& message, ServerState& state) {
    wire::JobSubmission submission;
    std::string error;
    if (!sdk::wire::decode_payload(message.payload, submission, error)) {
        state.log(fmt::format("{}: bad run request: {}", connection.peer(), error));
        return refuse(connection, message.tag, "bad run request: " + error);
    }
    if (const std::string over = submission_over_limits(submission); !over.empty()) {
        state.log(fmt::format("{}: refused: run request: {}", connection.peer(), over));
        return refuse(connection, message.tag, "run request refused: " + over);
    }
    std::string holder;
    if (!state.claim_run(connection.peer(), holder)) {
        return refuse(connection, message.tag, "busy: running a job for " + holder);
    }
    state.log(fmt::format("{}: run started", connection.peer()));
    const bool still_connected = relay_run(connection, submission, message.tag, state);
    state.release_run();
    if (still_connected) state.log(fmt::format("{}: run ended", connection.peer()));
    return still_connected;
}

}  // namespace

void serve_connection(std::unique_ptr<sdk::Connection> connection, ServerState& state) {
    if (!admit_peer(*connection, state) || !handshake(*connection, state)) {
        connection->close();
        return;
    }
    while (!state.stopping()) {
        auto message = connection->receive(kPollMs);
        if (!message) {
            if (connection->error().empty()) continue;
            if (connection->error().find("closed by peer") == std::string::npos) {
                state.log(fmt::format("{}: {}", connection->peer(), connection->error()));
            }
            break;
        }
        const wire::Opcode op = opcode_of(*message);
        if (op == wire::Opcode::quit) break;
        if (op == wire::Opcode::probe) {
            wire::ProbeReply reply = state.probe();
            reply.proto_minor = announced_protocol_minor();
            if (!connection->send(make_message(wire::Opcode::probe, message->tag, reply), kSendTimeoutMs)) break;
            continue;
        }
        if (op == wire::Opcode::run) {
            if (!handle_run(*connection, *message, state)) break;
            continue;
        }
        if (op == wire::Opcode::stop || op == wire::Opcode::keepalive) continue;  // no run to stop
        if (!refuse(*connection, message->tag,
                    fmt::format("unexpected message (opcode {}) outside a run", message->opcode))) {
            break;
        }
    }
    connection->close();
}

}  // namespace fio::core
