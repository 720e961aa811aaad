// Authentication and the safe listening default of fio --server (docs/security.md,
// "Authentication"): no token, a wrong token, a token on one side only, a replayed
// handshake and a silent peer are each refused with one line in the server's log, one
// clear error at the client, and the server serves the next good client; an
// authenticated run reports what a local run does; fio links no crypto library and
// loads the crypto module only with a token; unsecured servers stay on loopback.
#include "fio_server.hpp"
#include "run_command.hpp"
#include "scratch_dir.hpp"
#include "test_process.hpp"

#include <fio/sdk/frame.hpp>
#include <fio/sdk/wire_messages.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fio::test {
namespace {

namespace wire = sdk::wire;
using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kQuickJob = "[quick]\nioengine=null\nsize=1m\nbs=4k\nrw=randrw\n";

std::string write_file(const ScratchDir& dir, const std::string& name, const std::string& text, mode_t mode = 0600) {
    const std::string path = dir / name;
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
    return path;
}

int port_of(const std::string& endpoint) { return std::stoi(endpoint.substr(endpoint.rfind(':') + 1)); }

int connect_loopback(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// A TCP relay between one client and a server that keeps what the client sent, so a
// test can replay a good client's bytes later.
class RecordingRelay {
public:
    explicit RecordingRelay(int server_port) : server_port_(server_port) {
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
        ::listen(listen_fd_, 1);
        socklen_t size = sizeof address;
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &size);
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { relay(); });
    }
    ~RecordingRelay() {
        if (thread_.joinable()) thread_.join();
        ::close(listen_fd_);
    }
    int port() const { return port_; }
    // The client's bytes, once the relay has ended (both sides closed, or 20 s).
    const std::vector<std::uint8_t>& recorded() {
        if (thread_.joinable()) thread_.join();
        return from_client_;
    }

private:
    void relay() {
        pollfd accept_ready{listen_fd_, POLLIN, 0};
        if (::poll(&accept_ready, 1, 20'000) <= 0) return;
        const int client = ::accept(listen_fd_, nullptr, nullptr);
        const int server = connect_loopback(server_port_);
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        std::uint8_t buffer[65536];
        while (client >= 0 && server >= 0 && std::chrono::steady_clock::now() < deadline) {
            pollfd ready[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
            if (::poll(ready, 2, 200) <= 0) continue;
            if (ready[0].revents) {
                const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
                if (n <= 0) break;
                from_client_.insert(from_client_.end(), buffer, buffer + n);
                ::send(server, buffer, static_cast<std::size_t>(n), MSG_NOSIGNAL);
            }
            if (ready[1].revents) {
                const ssize_t n = ::recv(server, buffer, sizeof buffer, 0);
                if (n <= 0) break;
                ::send(client, buffer, static_cast<std::size_t>(n), MSG_NOSIGNAL);
            }
        }
        if (client >= 0) ::close(client);
        if (server >= 0) ::close(server);
    }

    int server_port_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::vector<std::uint8_t> from_client_;
    std::thread thread_;
};

// The first `count` messages of a recorded byte stream, as the same bytes.
std::vector<std::uint8_t> first_messages(const std::vector<std::uint8_t>& recorded, std::size_t count) {
    wire::FrameDecoder decoder;
    decoder.feed(recorded.data(), recorded.size());
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = 0; i < count; ++i) {
        auto message = decoder.next();
        if (!message) break;
        const auto frame = wire::encode_message(*message);
        bytes.insert(bytes.end(), frame.begin(), frame.end());
    }
    return bytes;
}

// What the server answers to `bytes` sent on a fresh connection: every message until it
// closes (or 8 s pass).
std::vector<sdk::Message> answers_to(int port, const std::vector<std::uint8_t>& bytes) {
    std::vector<sdk::Message> messages;
    const int fd = connect_loopback(port);
    if (fd < 0) return messages;
    ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    wire::FrameDecoder decoder;
    const auto deadline = std::chrono::steady_clock::now() + 8s;
    std::uint8_t chunk[4096];
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd ready{fd, POLLIN, 0};
        if (::poll(&ready, 1, 200) <= 0) continue;
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) break;
        decoder.feed(chunk, static_cast<std::size_t>(n));
        while (auto message = decoder.next()) messages.push_back(std::move(*message));
    }
    ::close(fd);
    return messages;
}

bool has_line(const std::string& log, const std::string& text) {
    return log.find(text) != std::string::npos;
}

// A server with a token, and the token a good client brings.
class AuthServer : public ::testing::Test {
protected:
    CommandResult client(const std::string& args) {
        return run_fio("--client=" + server.endpoint() + " " + args + " " + job, 30);
    }
    void expect_next_good_client_is_served() {
        const CommandResult good = client("--auth-token-file=" + token);
        EXPECT_EQ(good.exit_code, 0) << good.err << server.log();
        EXPECT_TRUE(server.alive());
    }

    ScratchDir dir;
    const std::string token = write_file(dir, "token", "correct-horse-battery-staple-0123456789\n");
    const std::string other = write_file(dir, "other", "another-secret-of-enough-length-9876543210\n");
    const std::string job = write_file(dir, "quick.fio", kQuickJob, 0644);
    FioServer server{{"--server=tcp:127.0.0.1:0", "--auth-token-file=" + token}};
};

TEST_F(AuthServer, AClientWithoutTokenIsRefused) {
    const CommandResult r = client("");
    EXPECT_NE(r.exit_code, 0);
    EXPECT_TRUE(has_line(r.err, "fio: client " + server.label() + ": refused: authentication required")) << r.err;
    EXPECT_TRUE(wait_for([&] { return has_line(server.log(), "127.0.0.1:"); }, 2s));
    EXPECT_TRUE(has_line(server.log(), ": refused: authentication required (the client has no token)"))
        << server.log();
    expect_next_good_client_is_served();
}

TEST_F(AuthServer, AWrongTokenIsRefusedOnBothSides) {
    const CommandResult r = client("--auth-token-file=" + other);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_TRUE(has_line(r.err, "refused: authentication failed: the client's token is not the server's")) << r.err;
    EXPECT_TRUE(has_line(server.log(), "refused: authentication failed (wrong token)")) << server.log();
    expect_next_good_client_is_served();
}

TEST_F(AuthServer, TheEnvironmentVariableNamesTheTokenToo) {
    const CommandResult r =
        run_shell("FIO_AUTH_TOKEN_FILE=" + token + " " + FIO_BINARY + " --client=" + server.endpoint() + " " + job, 30);
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(AuthServer, AReplayedHandshakeFails) {
    RecordingRelay relay(port_of(server.endpoint()));
    const CommandResult good =
        run_fio("--client=tcp:127.0.0.1:" + std::to_string(relay.port()) + " --auth-token-file=" + token + " " + job, 30);
    ASSERT_EQ(good.exit_code, 0) << good.err;
    // The good client's hello and proof, byte for byte (what follows them, the probe and
    // the run, the server must never read).
    const std::vector<std::uint8_t> handshake = first_messages(relay.recorded(), 2);
    ASSERT_GT(handshake.size(), 0u);
    const std::vector<sdk::Message> answers = answers_to(port_of(server.endpoint()), handshake);
    ASSERT_EQ(answers.size(), 2u);  // a fresh challenge, then the refusal: no probe reply, no run
    EXPECT_EQ(answers[0].opcode, static_cast<std::uint16_t>(wire::Opcode::auth_challenge));
    EXPECT_EQ(answers[1].opcode, static_cast<std::uint16_t>(wire::Opcode::error));
    EXPECT_TRUE(wait_for([&] { return has_line(server.log(), "refused: authentication failed (wrong token)"); }, 2s))
        << server.log();
    expect_next_good_client_is_served();
}

TEST_F(AuthServer, ASilentPeerIsDroppedAfterFiveSecondsWhileOthersAreServed) {
    const int silent = connect_loopback(port_of(server.endpoint()));
    ASSERT_GE(silent, 0);
    expect_next_good_client_is_served();  // served while the silent peer waits
    EXPECT_TRUE(wait_for([&] { return has_line(server.log(), "refused: no authentication within 5 s"); }, 9s))
        << server.log();
    char byte;
    pollfd ready{silent, POLLIN, 0};
    EXPECT_EQ(::poll(&ready, 1, 2000), 1);
    // The refusal frame, then the close.
    while (::recv(silent, &byte, 1, 0) > 0) {
    }
    ::close(silent);
    expect_next_good_client_is_served();
}

TEST_F(AuthServer, AnAuthenticatedRunReportsWhatALocalRunDoes) {
    const CommandResult remote = client("--auth-token-file=" + token + " --output-format=json --randseed=7");
    ASSERT_EQ(remote.exit_code, 0) << remote.err;
    const CommandResult local = run_fio("--output-format=json --randseed=7 " + job, 30);
    ASSERT_EQ(local.exit_code, 0) << local.err;
    const json r = json::parse(remote.out).at("client_stats").at(0);
    const json l = json::parse(local.out).at("jobs").at(0);
    for (const char* dir : {"read", "write"}) {
        EXPECT_EQ(r.at(dir).at("io_bytes"), l.at(dir).at("io_bytes")) << dir;
        EXPECT_EQ(r.at(dir).at("total_ios"), l.at(dir).at("total_ios")) << dir;
    }
    EXPECT_GT(r.at("read").at("total_ios").get<std::uint64_t>(), 0u);
    EXPECT_EQ(r.at("read").at("io_bytes").get<std::uint64_t>() + r.at("write").at("io_bytes").get<std::uint64_t>(),
              1u << 20);
}

TEST(ClientServerAuth, AClientWithATokenRefusesAServerWithout) {
    ScratchDir dir;
    const std::string token = write_file(dir, "token", std::string(40, 'z'));
    const std::string job = write_file(dir, "quick.fio", kQuickJob, 0644);
    FioServer server({"--server=tcp:127.0.0.1:0"});
    const CommandResult r = run_fio("--client=" + server.endpoint() + " --auth-token-file=" + token + " " + job, 30);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_TRUE(has_line(r.err, "refused: this server has no authentication token")) << r.err;
    EXPECT_TRUE(wait_for([&] { return has_line(server.log(), "refused: this server has no authentication token"); },
                         2s))
        << server.log();
    const CommandResult good = run_fio("--client=" + server.endpoint() + " " + job, 30);
    EXPECT_EQ(good.exit_code, 0) << good.err;
}

TEST(ClientServerAuth, BadTokenFilesAreOneLineErrors) {
    ScratchDir dir;
    const std::string open_to_all = write_file(dir, "token", std::string(40, 'z'), 0644);
    CommandResult r = run_fio("--server=tcp:127.0.0.1:0 --auth-token-file=" + open_to_all, 10);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "fio: --auth-token-file=" + open_to_all + ": mode 0644 lets group or others at the secret; chmod 600 " +
                         open_to_all + "\n");
    const std::string fifo = dir / "fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    r = run_fio("--client=127.0.0.1 --auth-token-file=" + fifo + " --name=x --ioengine=null --size=1m", 10);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "fio: --auth-token-file=" + fifo + ": not a regular file\n");
}

// ---- what fio loads ----

TEST(ClientServerAuth, FioLinksNoCryptoLibrary) {
    const CommandResult r = run_shell(std::string("ldd ") + FIO_BINARY, 20);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find("libcrypto"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("libssl"), std::string::npos) << r.out;
}

std::string maps_of(pid_t pid) { return read_file("/proc/" + std::to_string(pid) + "/maps"); }

TEST(ClientServerAuth, TheCryptoModuleIsLoadedOnlyWithAToken) {
    ScratchDir dir;
    const std::string token = write_file(dir, "token", std::string(40, 'z'));
    FioServer plain({"--server=tcp:127.0.0.1:0"});
    FioServer secured({"--server=tcp:127.0.0.1:0", "--auth-token-file=" + token});
    // (libcrypto itself may be mapped by the tls transport plugin, which the server loads
    // to list its plugins; `ldd fio` is checked elsewhere.)
    EXPECT_EQ(maps_of(plain.pid()).find("fio-crypto.so"), std::string::npos);
    EXPECT_NE(maps_of(secured.pid()).find("fio-crypto.so"), std::string::npos);
    EXPECT_NE(maps_of(secured.pid()).find("libcrypto"), std::string::npos);
}

// ---- where an unsecured server listens ----

// An IPv4 address of this host that is not loopback, or "" when it has none.
std::string non_loopback_ipv4() {
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return "";
    std::string found;
    for (const ifaddrs* entry = list; entry != nullptr && found.empty(); entry = entry->ifa_next) {
        if (entry->ifa_addr == nullptr || entry->ifa_addr->sa_family != AF_INET) continue;
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(entry->ifa_addr);
        if ((ntohl(v4->sin_addr.s_addr) >> 24) == 127) continue;
        char text[INET_ADDRSTRLEN];
        found = ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
    }
    ::freeifaddrs(list);
    return found;
}

TEST(ClientServerListening, WithoutTokenTheDefaultIsLoopbackOnly) {
    ScratchDir dir;
    const std::string job = write_file(dir, "quick.fio", kQuickJob, 0644);
    FioServer server({"--server=tcp:0"});  // the default address, on a free port
    const std::string port = std::to_string(port_of(server.endpoint()));
    EXPECT_EQ(server.endpoint(), "tcp:127.0.0.1:" + port);
    EXPECT_TRUE(wait_for([&] { return has_line(server.log(), "only this host can connect"); }, 2s));
    EXPECT_EQ(server.log(),
              "fio: server: no --auth-token-file and no TLS: only this host can connect (loopback addresses and "
              "Unix sockets); listening on 127.0.0.1 and [::1] only (--allow-insecure opens every address)\n");
    const CommandResult v6 = run_fio("--client=tcp:[::1]:" + port + " " + job, 30);
    EXPECT_EQ(v6.exit_code, 0) << v6.err;
    if (const std::string address = non_loopback_ipv4(); !address.empty()) {
        const CommandResult outside = run_fio("--client=tcp:" + address + ":" + port + " " + job, 30);
        EXPECT_NE(outside.exit_code, 0);
        EXPECT_TRUE(has_line(outside.err, "cannot connect")) << outside.err;
    }
}

TEST(ClientServerListening, AnotherAddressNeedsATokenTlsOrAllowInsecure) {
    ScratchDir dir;
    const CommandResult refused = run_fio("--server=tcp:0.0.0.0:0", 10);
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_EQ(refused.err,
              "fio: --server: refusing to listen on tcp:0.0.0.0:0 without authentication: give "
              "--auth-token-file=FILE (or FIO_AUTH_TOKEN_FILE), use the tls transport, or --allow-insecure to "
              "expose it anyway\n");

    FioServer insecure({"--server=tcp:0.0.0.0:0", "--allow-insecure"});
    EXPECT_TRUE(wait_for([&] { return has_line(insecure.log(), "warning"); }, 2s));
    EXPECT_EQ(insecure.log(),
              "fio: server: warning: --allow-insecure: tcp:0.0.0.0:0 is open without authentication or "
              "encryption: anyone who reaches it can run jobs, read and write files as this user\n");

    const std::string token = write_file(dir, "token", std::string(40, 'z'));
    FioServer secured({"--server=tcp:0.0.0.0:0", "--auth-token-file=" + token});
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(secured.log(), "");
    const CommandResult served = run_fio("--client=tcp:127.0.0.1:" + std::to_string(port_of(secured.endpoint())) +
                                             " --auth-token-file=" + token + " " +
                                             write_file(dir, "quick.fio", kQuickJob, 0644),
                                         30);
    EXPECT_EQ(served.exit_code, 0) << served.err;
}

TEST(ClientServerListening, LoopbackAndUnixSocketsNeedNothing) {
    ScratchDir dir;
    FioServer by_name({"--server=tcp:localhost:0"});
    FioServer by_socket({"--server=unix:" + (dir / "fio.sock")});
    EXPECT_TRUE(wait_for([&] { return has_line(by_socket.log(), "only this host can connect"); }, 2s));
    EXPECT_TRUE(has_line(by_name.log(), "only this host can connect")) << by_name.log();
}

}  // namespace
}  // namespace fio::test
