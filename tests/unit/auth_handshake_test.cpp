// The authentication handshake's parts: HMAC-SHA256 through the fio-crypto module (RFC
// 4231's test vectors), the proofs' exact bytes, the token file's rules, and the whole
// handshake over a socket pair: right token, wrong token, a replayed client, reflection.
#include "auth/auth_token.hpp"
#include "auth/authenticator.hpp"
#include "auth/crypto_module.hpp"
#include "remote/auth_handshake.hpp"
#include "remote/wire_io.hpp"
#include "scratch_dir.hpp"

#include <fio/sdk/stream_connection.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <future>
#include <string>
#include <vector>

#include <sys/socket.h>
#include <sys/stat.h>

namespace fio::core {
namespace {

namespace fs = std::filesystem;
namespace wire = sdk::wire;
using fio::test::ScratchDir;
using Bytes = std::vector<std::uint8_t>;

std::shared_ptr<const CryptoModule> crypto() {
    static const auto module = CryptoModule::load({FIO_PLUGIN_DIR});
    return module;
}

std::string hex(std::span<const std::uint8_t> bytes) {
    std::string text;
    for (auto b : bytes) text += fmt::format("{:02x}", b);
    return text;
}

Bytes bytes(const std::string& text) { return Bytes(text.begin(), text.end()); }

struct Rfc4231Case {
    Bytes key, data;
    const char* mac;
};

TEST(CryptoModule, HmacSha256MatchesRfc4231) {
    const std::vector<Rfc4231Case> cases = {
        {Bytes(20, 0x0b), bytes("Hi There"), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
        {bytes("Jefe"), bytes("what do ya want for nothing?"),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
        {Bytes(20, 0xaa), Bytes(50, 0xdd), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
        {Bytes{1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25},
         Bytes(50, 0xcd), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
        {Bytes(131, 0xaa), bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
        {Bytes(131, 0xaa),
         bytes("This is a test using a larger than block-size key and a larger than block-size data. The key "
               "needs to be hashed before being used by the HMAC algorithm."),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
    };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        EXPECT_EQ(hex(crypto()->hmac_sha256(cases[i].key, cases[i].data)), cases[i].mac) << "case " << i + 1;
    }
}

TEST(CryptoModule, EqualIsExactAndSizeAware) {
    const Bytes a{1, 2, 3}, b{1, 2, 3}, c{1, 2, 4}, d{1, 2};
    EXPECT_TRUE(crypto()->equal(a, b));
    EXPECT_FALSE(crypto()->equal(a, c));
    EXPECT_FALSE(crypto()->equal(a, d));
}

TEST(CryptoModule, RandomNoncesDiffer) {
    Bytes a(32), b(32);
    crypto()->random_bytes(a);
    crypto()->random_bytes(b);
    EXPECT_NE(a, b);
}

TEST(CryptoModule, TheLoaderChecksTheTable) {
    EXPECT_NE(check_crypto_table(nullptr).find("crypto API version 1"), std::string::npos);
    fio_crypto_table other{};
    other.api_version = 2;
    EXPECT_NE(check_crypto_table(&other).find("crypto API version 2, but this fio needs version 1"),
              std::string::npos);
    fio_crypto_table small{};
    small.api_version = FIO_CRYPTO_API_VERSION;
    small.table_size = 8;
    EXPECT_NE(check_crypto_table(&small).find("function table is 8 bytes"), std::string::npos);
}

TEST(CryptoModule, AMissingModuleNamesWhereItLooked) {
    ScratchDir dir;
    try {
        CryptoModule::load({dir.path()});
        FAIL() << "loaded from an empty directory";
    } catch (const CryptoError& e) {
        EXPECT_NE(std::string(e.what()).find("fio-crypto.so was not found (looked in " + dir.path().string()),
                  std::string::npos)
            << e.what();
    }
}

AuthNonceBytes counting_nonce(std::uint8_t from) {
    AuthNonceBytes nonce{};
    for (std::size_t i = 0; i < nonce.size(); ++i) nonce[i] = static_cast<std::uint8_t>(from + i);
    return nonce;
}

Authenticator authenticator(const std::string& secret) { return Authenticator(crypto(), AuthToken{secret, "test"}); }

TEST(Authenticator, ProofsAreTheHmacOfLabelAndBothNonces) {
    // HMAC-SHA256("x" * 32, label | 00..1f | 20..3f), computed independently (Python hmac).
    const Authenticator auth = authenticator(std::string(32, 'x'));
    const AuthNonceBytes client = counting_nonce(0), server = counting_nonce(32);
    EXPECT_EQ(hex(auth.proof(AuthRole::client, client, server)),
              "ef8c5a32e8d5667911d3f4068167524eed7646cd933a7f3e1e1626cb210aa736");
    EXPECT_EQ(hex(auth.proof(AuthRole::server, client, server)),
              "7db5e9659bb1cd7eaf496c53fd5aa0b2d3a64b272ab0c976445eceee1536671b");
    const Bytes input = proof_input(AuthRole::client, client, server);
    EXPECT_EQ(std::string(input.begin(), input.begin() + 18), "fio-auth-v1 client");
    EXPECT_EQ(input.size(), 18u + 64u);
}

TEST(Authenticator, AServerProofNeverPassesForAClientProof) {
    const Authenticator auth = authenticator(std::string(40, 'k'));
    const AuthNonceBytes client = counting_nonce(1), server = counting_nonce(99);
    const Sha256Digest server_proof = auth.proof(AuthRole::server, client, server);
    EXPECT_TRUE(auth.verify(AuthRole::server, client, server, server_proof));
    EXPECT_FALSE(auth.verify(AuthRole::client, client, server, server_proof));
    // Swapping the nonces (a server's challenge sent back as a hello) changes the proof too.
    EXPECT_FALSE(auth.verify(AuthRole::server, server, client, server_proof));
    EXPECT_FALSE(authenticator(std::string(40, 'K')).verify(AuthRole::server, client, server, server_proof));
}

// ---- the token file ----

std::string token_file(const ScratchDir& dir, const std::string& text, mode_t mode = 0600) {
    const std::string path = dir.path() / "token";
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
    return path;
}

std::string refusal_of(const std::string& path) {
    try {
        read_auth_token(path, "--auth-token-file=" + path);
    } catch (const AuthTokenError& e) {
        return e.what();
    }
    return "";
}

TEST(AuthToken, TrailingWhiteSpaceIsNotPartOfTheSecret) {
    ScratchDir dir;
    const std::string path = token_file(dir, std::string(32, 's') + " \r\n");
    EXPECT_EQ(read_auth_token(path, "o").secret, std::string(32, 's'));
}

TEST(AuthToken, EveryRuleIsOneLineNamingTheFile) {
    ScratchDir dir;
    const std::string path = token_file(dir, std::string(40, 'a'), 0640);
    EXPECT_EQ(refusal_of(path), fmt::format("--auth-token-file={}: mode 0640 lets group or others at the "
                                            "secret; chmod 600 {}",
                                            path, path));
    token_file(dir, std::string(31, 'a') + "\n");
    EXPECT_NE(refusal_of(path).find("the token is 31 bytes; it needs at least 32"), std::string::npos);
    token_file(dir, std::string(5000, 'a'));
    EXPECT_NE(refusal_of(path).find("5000 bytes; a token file holds at most 4096"), std::string::npos);
    EXPECT_NE(refusal_of(dir.path()).find("not a regular file"), std::string::npos);
    const std::string fifo = dir.path() / "fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_NE(refusal_of(fifo).find("not a regular file"), std::string::npos);
    EXPECT_NE(refusal_of(dir.path() / "absent").find("cannot open it: No such file"), std::string::npos);
}

TEST(AuthToken, TheOptionWinsOverTheEnvironment) {
    ::setenv(kAuthTokenEnv, "/from/env", 1);
    std::string origin;
    EXPECT_EQ(auth_token_file("/from/option", origin), "/from/option");
    EXPECT_EQ(origin, "--auth-token-file=/from/option");
    EXPECT_EQ(auth_token_file("", origin), "/from/env");
    EXPECT_EQ(origin, "FIO_AUTH_TOKEN_FILE=/from/env");
    ::unsetenv(kAuthTokenEnv);
    EXPECT_EQ(auth_token_file("", origin), std::nullopt);
}

// ---- the handshake over a socket pair ----

// Remembers what the client sent, to replay it later.
class RecordingConnection final : public sdk::Connection {
public:
    explicit RecordingConnection(sdk::Connection& inner) : inner_(inner) {}
    bool send(const sdk::Message& message, std::int64_t timeout_ms) override {
        sent.push_back(message);
        return inner_.send(message, timeout_ms);
    }
    std::optional<sdk::Message> receive(std::int64_t timeout_ms) override { return inner_.receive(timeout_ms); }
    std::string peer() const override { return inner_.peer(); }
    std::string error() const override { return inner_.error(); }
    void close() override { inner_.close(); }

    std::vector<sdk::Message> sent;

private:
    sdk::Connection& inner_;
};

struct Pair {
    std::unique_ptr<sdk::Connection> client, server;
    Pair() {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0) throw std::runtime_error("socketpair");
        client = std::make_unique<sdk::StreamConnection>(fds[0], "server");
        server = std::make_unique<sdk::StreamConnection>(fds[1], "client-peer");
    }
};

struct ServerSide {
    std::atomic<bool> stop{false};
    ServerState state{{}, "fio", {}, stop};
};

std::future<bool> serve(ServerSide& side, sdk::Connection& connection, const Authenticator& auth) {
    return std::async(std::launch::async, [s = &side, c = &connection, a = &auth] {
        return admit_client(*c, *a, s->state);
    });
}

TEST(AuthHandshake, TheSameTokenAdmitsBothWays) {
    const Authenticator auth = authenticator(std::string(32, 't'));
    Pair pair;
    ServerSide side;
    auto admitted = serve(side, *pair.server, auth);
    EXPECT_EQ(authenticate_to_server(*pair.client, auth), "");
    EXPECT_TRUE(admitted.get());
}

TEST(AuthHandshake, AWrongTokenFailsOnBothSides) {
    const Authenticator server_auth = authenticator(std::string(32, 't'));
    const Authenticator client_auth = authenticator(std::string(32, 'u'));
    Pair pair;
    ServerSide side;
    auto admitted = serve(side, *pair.server, server_auth);
    EXPECT_EQ(authenticate_to_server(*pair.client, client_auth),
              "refused: authentication failed: the client's token is not the server's");
    EXPECT_FALSE(admitted.get());
}

TEST(AuthHandshake, AClientWithoutTokenIsToldAuthenticationIsRequired) {
    const Authenticator auth = authenticator(std::string(32, 't'));
    Pair pair;
    ServerSide side;
    auto admitted = serve(side, *pair.server, auth);
    ASSERT_TRUE(pair.client->send(make_message(wire::Opcode::probe, 1, wire::ProbeRequest{}), 1000));
    auto reply = pair.client->receive(5000);
    ASSERT_TRUE(reply);
    EXPECT_EQ(opcode_of(*reply), wire::Opcode::error);
    wire::ErrorReply refusal;
    std::string error;
    ASSERT_TRUE(wire::decode_payload(reply->payload, refusal, error)) << error;
    EXPECT_TRUE(refusal.reason.starts_with("authentication required")) << refusal.reason;
    EXPECT_FALSE(admitted.get());
}

TEST(AuthHandshake, AReplayedClientFailsAgainstAFreshChallenge) {
    const Authenticator auth = authenticator(std::string(32, 't'));
    std::vector<sdk::Message> recorded;
    {
        Pair pair;
        ServerSide side;
        auto admitted = serve(side, *pair.server, auth);
        RecordingConnection recorder(*pair.client);
        ASSERT_EQ(authenticate_to_server(recorder, auth), "");
        ASSERT_TRUE(admitted.get());
        recorded = recorder.sent;
    }
    ASSERT_EQ(recorded.size(), 2u);  // hello, proof
    Pair pair;
    ServerSide side;
    auto admitted = serve(side, *pair.server, auth);
    ASSERT_TRUE(pair.client->send(recorded[0], 1000));
    auto challenge = pair.client->receive(5000);
    ASSERT_TRUE(challenge);
    EXPECT_EQ(opcode_of(*challenge), wire::Opcode::auth_challenge);
    ASSERT_TRUE(pair.client->send(recorded[1], 1000));
    auto verdict = pair.client->receive(5000);
    ASSERT_TRUE(verdict);
    EXPECT_EQ(opcode_of(*verdict), wire::Opcode::error);
    EXPECT_FALSE(admitted.get());
}

TEST(AuthHandshake, AServerWithoutTheTokenFailsTheClientsCheck) {
    // A server that answers the hello but cannot prove the token: the client refuses it.
    const Authenticator client_auth = authenticator(std::string(32, 't'));
    const Authenticator impostor = authenticator(std::string(32, 'i'));
    Pair pair;
    auto fake = std::async(std::launch::async, [&] {
        auto hello = pair.server->receive(5000);
        wire::AuthNonce challenge;
        pair.server->send(make_message(wire::Opcode::auth_challenge, 1, challenge), 1000);
        auto proof = pair.server->receive(5000);
        wire::AuthNonce client_nonce;
        std::string error;
        wire::decode_payload(hello->payload, client_nonce, error);
        wire::AuthProof mine;
        mine.mac = impostor.proof(AuthRole::server, client_nonce.nonce, challenge.nonce);
        pair.server->send(make_message(wire::Opcode::auth_proof, 1, mine), 1000);
        return proof.has_value();
    });
    EXPECT_TRUE(authenticate_to_server(*pair.client, client_auth).starts_with("authentication failed: the server's proof"));
    EXPECT_TRUE(fake.get());
}

TEST(AuthWire, NoncesMustBeThirtyTwoBytes) {
    wire::AuthNonce nonce;
    nonce.nonce = counting_nonce(7);
    wire::AuthNonce back;
    std::string error;
    ASSERT_TRUE(wire::decode_payload(wire::encode_payload(nonce), back, error)) << error;
    EXPECT_EQ(back.nonce, nonce.nonce);
    // A proof payload read as a nonce: the key is missing.
    EXPECT_FALSE(wire::decode_payload(wire::encode_payload(wire::AuthProof{}), back, error));
    EXPECT_EQ(error, "authentication nonce: field 'n' is missing");
}

}  // namespace
}  // namespace fio::core
