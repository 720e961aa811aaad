#include "remote/auth_handshake.hpp"

#include "remote/wire_io.hpp"

#include <fmt/format.h>

#include <chrono>
#include <optional>

namespace fio::core {
namespace {

namespace wire = sdk::wire;
using Clock = std::chrono::steady_clock;

constexpr std::int64_t kSendTimeoutMs = 5'000;

// Milliseconds left until `deadline`, never negative.
std::int64_t left_ms(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left > 0 ? left : 0;
}

// The next message, or nullopt with `why` set: the connection's error, or the timeout.
std::optional<sdk::Message> receive_by(sdk::Connection& connection, Clock::time_point deadline,
                                       std::int64_t budget_ms, std::string& why) {
    auto message = connection.receive(left_ms(deadline));
    if (!message) {
        why = connection.error().empty()
                  ? fmt::format("no authentication within {} s", budget_ms / 1000)
                  : connection.error();
    }
    return message;
}

// The reason of an ErrorReply, whatever its bytes.
std::string refusal_reason(const sdk::Message& message) {
    wire::ErrorReply reply;
    std::string error;
    if (!wire::decode_payload(message.payload, reply, error)) return "a malformed refusal: " + error;
    return reply.reason;
}

// Decodes the expected handshake payload from the server, or says what came instead.
template <typename Payload>
bool expect_from_server(const sdk::Message& message, wire::Opcode expected, Payload& out, std::string& why) {
    if (opcode_of(message) == wire::Opcode::error) {
        why = "refused: " + refusal_reason(message);
        return false;
    }
    if (opcode_of(message) != expected) {
        why = fmt::format("the server does not authenticate (it answered with opcode {}), but this client "
                          "has a token: give the server the same --auth-token-file",
                          message.opcode);
        return false;
    }
    std::string error;
    if (wire::decode_payload(message.payload, out, error)) return true;
    why = "bad authentication message from the server: " + error;
    return false;
}

bool refuse(sdk::Connection& connection, ServerState& state, std::uint64_t tag, const std::string& log_reason,
            const std::string& client_reason) {
    state.log(fmt::format("{}: refused: {}", connection.peer(), log_reason));
    wire::ErrorReply reply;
    reply.reason = client_reason;
    connection.send(make_message(wire::Opcode::error, tag, reply), kSendTimeoutMs);
    return false;
}

}  // namespace

bool admit_peer(sdk::Connection& connection, ServerState& state) {
    const Authenticator* auth = state.authenticator();
    if (auth == nullptr) return true;
    try {
        return admit_client(connection, *auth, state);
    } catch (const std::exception& e) {
        return refuse(connection, state, 0, e.what(), "the server could not authenticate: internal error");
    }
}

std::string no_token_on_server_reason() {
    return "this server has no authentication token (--auth-token-file), but the client has one: "
           "give the server the same token, or drop the client's";
}

std::string authenticate_to_server(sdk::Connection& connection, const Authenticator& auth) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(kClientAuthTimeoutMs);
    std::string why;
    wire::AuthNonce hello;
    hello.nonce = auth.fresh_nonce();
    if (!connection.send(make_message(wire::Opcode::auth_hello, 1, hello), kSendTimeoutMs)) {
        return "cannot send the authentication hello: " + connection.error();
    }
    auto answer = receive_by(connection, deadline, kClientAuthTimeoutMs, why);
    wire::AuthNonce challenge;
    if (!answer || !expect_from_server(*answer, wire::Opcode::auth_challenge, challenge, why)) return why;

    wire::AuthProof mine;
    mine.mac = auth.proof(AuthRole::client, hello.nonce, challenge.nonce);
    if (!connection.send(make_message(wire::Opcode::auth_proof, 1, mine), kSendTimeoutMs)) {
        return "cannot send the authentication proof: " + connection.error();
    }
    answer = receive_by(connection, deadline, kClientAuthTimeoutMs, why);
    wire::AuthProof theirs;
    if (!answer || !expect_from_server(*answer, wire::Opcode::auth_proof, theirs, why)) return why;
    if (!auth.verify(AuthRole::server, hello.nonce, challenge.nonce, theirs.mac)) {
        return "authentication failed: the server's proof does not match this client's token "
               "(the tokens differ, or this is not the server meant)";
    }
    return {};
}

bool admit_client(sdk::Connection& connection, const Authenticator& auth, ServerState& state) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(kServerAuthTimeoutMs);
    std::string why;
    auto first = receive_by(connection, deadline, kServerAuthTimeoutMs, why);
    if (!first) return refuse(connection, state, 0, why, why);
    if (opcode_of(*first) == wire::Opcode::probe) {
        return refuse(connection, state, first->tag, "authentication required (the client has no token)",
                      "authentication required: this server needs a token; give the client the server's "
                      "--auth-token-file (or FIO_AUTH_TOKEN_FILE)");
    }
    if (opcode_of(*first) != wire::Opcode::auth_hello) {
        why = fmt::format("authentication required, got opcode {} first", first->opcode);
        return refuse(connection, state, first->tag, why, why);
    }
    wire::AuthNonce hello;
    std::string error;
    if (!wire::decode_payload(first->payload, hello, error)) {
        return refuse(connection, state, first->tag, "bad authentication hello: " + error,
                      "bad authentication hello: " + error);
    }
    wire::AuthNonce challenge;
    challenge.nonce = auth.fresh_nonce();
    if (!connection.send(make_message(wire::Opcode::auth_challenge, first->tag, challenge), kSendTimeoutMs)) {
        state.log(fmt::format("{}: refused: {}", connection.peer(), connection.error()));
        return false;
    }
    auto answer = receive_by(connection, deadline, kServerAuthTimeoutMs, why);
    if (!answer) return refuse(connection, state, first->tag, why, why);
    wire::AuthProof proof;
    if (opcode_of(*answer) != wire::Opcode::auth_proof) {
        why = fmt::format("expected an authentication proof, got opcode {}", answer->opcode);
        return refuse(connection, state, answer->tag, why, why);
    }
    if (!wire::decode_payload(answer->payload, proof, error)) {
        return refuse(connection, state, answer->tag, "bad authentication proof: " + error,
                      "bad authentication proof: " + error);
    }
    if (!auth.verify(AuthRole::client, hello.nonce, challenge.nonce, proof.mac)) {
        return refuse(connection, state, answer->tag, "authentication failed (wrong token)",
                      "authentication failed: the client's token is not the server's");
    }
    wire::AuthProof mine;
    mine.mac = auth.proof(AuthRole::server, hello.nonce, challenge.nonce);
    if (!connection.send(make_message(wire::Opcode::auth_proof, answer->tag, mine), kSendTimeoutMs)) {
        state.log(fmt::format("{}: {}", connection.peer(), connection.error()));
        return false;
    }
    return true;
}

}  // namespace fio::core
