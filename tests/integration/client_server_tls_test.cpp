// fio --server and fio --client over the tls transport, end to end on loopback: a run
// gives the same I/O as the same job run locally; mutual TLS; and each way a connection
// is refused (untrusted CA, wrong name, no client certificate, plain against TLS and TLS
// against plain, a handshake that stalls), after which the server still serves a good
// client. The certificates are made once per test run with the openssl command.
#include "fio_server.hpp"
#include "run_command.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace fio::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kJob =
    "[global]\n"
    "ioengine=null\n"
    "size=4m\n"
    "bs=4k\n"
    "[reader]\n"
    "rw=randread\n"
    "[writer]\n"
    "rw=write\n";

// A throwaway PKI: a CA, a server certificate for localhost and 127.0.0.1, a client
// certificate, and a second CA (with its own server certificate) nobody trusts.
class Pki {
public:
    static const Pki& get() {
        static const Pki pki;
        return pki;
    }
    std::string operator()(const std::string& name) const { return dir_ / name; }

private:
    Pki() {
        const std::string ext = dir_ / "server.ext";
        std::ofstream(ext) << "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n";
        std::ofstream(dir_ / "client.ext") << "extendedKeyUsage=clientAuth\n";
        const std::string script =
            "set -e; cd " + std::string(dir_.path()) + "\n" +
            "key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $1 2>/dev/null; }\n"
            "ca() { key $1.key; openssl req -x509 -new -key $1.key -out $1.pem -days 2 -subj /CN=$1 2>/dev/null; }\n"
            "leaf() { key $1.key; openssl req -new -key $1.key -out $1.csr -subj /CN=$1 2>/dev/null;\n"
            "  openssl x509 -req -in $1.csr -CA $2.pem -CAkey $2.key -CAcreateserial -out $1.pem -days 2 "
            "-extfile $3 2>/dev/null; }\n"
            "ca ca; ca other-ca\n"
            "leaf server ca server.ext; leaf client ca client.ext; leaf other-server other-ca server.ext\n";
        const CommandResult r = run_shell(script, 60);
        if (r.exit_code != 0) throw std::runtime_error("openssl failed: " + r.err);
    }
    ScratchDir dir_;
};

std::string write_job(const ScratchDir& dir) {
    const std::string path = dir / "job.fio";
    std::ofstream(path) << kJob;
    return path;
}

int port_of(const std::string& endpoint) { return std::stoi(endpoint.substr(endpoint.rfind(':') + 1)); }

// A tls server on 127.0.0.1 with a free port; `extra` adds options (--tls-ca ...).
std::unique_ptr<FioServer> tls_server(const std::vector<std::string>& extra = {},
                                      const std::string& name = "server") {
    const Pki& pki = Pki::get();
    std::vector<std::string> args{"--server=tls:127.0.0.1:0", "--tls-cert=" + pki(name + ".pem"),
                                  "--tls-key=" + pki(name + ".key")};
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<FioServer>(args);
}

CommandResult run_client(const std::string& target, const std::string& options, const std::string& job) {
    return run_fio("--client=" + target + " " + options + " --output-format=json " + job, 60);
}

// The (total_ios, io_bytes) of each direction of each job, by job name.
std::map<std::string, std::vector<std::uint64_t>> io_of(const json& jobs) {
    std::map<std::string, std::vector<std::uint64_t>> io;
    for (const auto& job : jobs) {
        for (const char* direction : {"read", "write"}) {
            io[job.at("jobname").get<std::string>()].push_back(job.at(direction).at("total_ios").get<std::uint64_t>());
            io[job.at("jobname").get<std::string>()].push_back(job.at(direction).at("io_bytes").get<std::uint64_t>());
        }
    }
    return io;
}

// The server log's lines that name `peer_part` and `reason`.
bool log_has(const FioServer& server, const std::string& reason) {
    const std::string log = server.log();
    for (std::size_t at = 0; at < log.size();) {
        const auto nl = log.find('\n', at);
        const std::string line = log.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
        if (line.find("127.0.0.1:") != std::string::npos && line.find(reason) != std::string::npos) return true;
        if (nl == std::string::npos) break;
        at = nl + 1;
    }
    return false;
}

// The log line shows up shortly after the client's error: wait for it, boundedly.
bool wait_log(const FioServer& server, const std::string& reason) {
    for (int i = 0; i < 100; ++i) {
        if (log_has(server, reason)) return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

// After any refusal the same server still runs a good client's jobs.
void expect_serves_good_client(const FioServer& server, const std::string& options, const ScratchDir& dir) {
    const CommandResult r = run_client("tls:localhost:" + std::to_string(port_of(server.endpoint())),
                                       "--tls-ca=" + Pki::get()("ca.pem") + " " + options, write_job(dir));
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(ClientServerTls, RunOverTlsDoesTheSameIoAsTheSameJobLocally) {
    ScratchDir dir;
    const std::string job = write_job(dir);
    auto server = tls_server();
    EXPECT_EQ(server->endpoint().rfind("tls:127.0.0.1:", 0), 0u) << server->endpoint();
    const CommandResult local = run_fio("--output-format=json " + job, 60);
    ASSERT_EQ(local.exit_code, 0) << local.err;
    // By name (checked against the DNS SAN) and by address (against the IP SAN).
    for (const std::string host : {"localhost", "127.0.0.1"}) {
        const CommandResult remote = run_client("tls:" + host + ":" + std::to_string(port_of(server->endpoint())),
                                                "--tls-ca=" + Pki::get()("ca.pem"), job);
        ASSERT_EQ(remote.exit_code, 0) << remote.err;
        EXPECT_EQ(remote.err, "");
        const json stats = json::parse(remote.out).at("client_stats");
        EXPECT_EQ(io_of(stats), io_of(json::parse(local.out).at("jobs"))) << remote.out;
    }
}

TEST(ClientServerTls, ServerGivenByTransportOptionWithExplicitName) {
    ScratchDir dir;
    const Pki& pki = Pki::get();
    FioServer server({"--server", "--transport", "tls:127.0.0.1:0", "--tls-cert=" + pki("server.pem"),
                      "--tls-key=" + pki("server.key")});
    // The certificate names localhost; --tls-server-name makes an IP connection expect it.
    const CommandResult r = run_client(server.endpoint(), "--tls-ca=" + pki("ca.pem") + " --tls-server-name=localhost",
                                       write_job(dir));
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(ClientServerTls, MutualTlsNeedsAClientCertificateSignedByTheCa) {
    ScratchDir dir;
    const Pki& pki = Pki::get();
    auto server = tls_server({"--tls-ca=" + pki("ca.pem")});
    const std::string target = "tls:localhost:" + std::to_string(port_of(server->endpoint()));

    const CommandResult without = run_client(target, "--tls-ca=" + pki("ca.pem"), write_job(dir));
    EXPECT_NE(without.exit_code, 0);
    EXPECT_NE(without.err.find("fio: client localhost:"), std::string::npos) << without.err;
    EXPECT_NE(without.err.find("the server requires a client certificate"), std::string::npos) << without.err;
    EXPECT_TRUE(wait_log(*server, "the client sent no certificate")) << server->log();

    // A certificate from a CA the server does not trust is refused too.
    const CommandResult foreign = run_client(
        target, "--tls-ca=" + pki("ca.pem") + " --tls-cert=" + pki("other-server.pem") +
                    " --tls-key=" + pki("other-server.key"), write_job(dir));
    EXPECT_NE(foreign.exit_code, 0);
    EXPECT_TRUE(wait_log(*server, "certificate verify failed")) << server->log();

    expect_serves_good_client(*server, "--tls-cert=" + pki("client.pem") + " --tls-key=" + pki("client.key"), dir);
}

TEST(ClientServerTls, UntrustedCaIsRefusedAtTheClient) {
    ScratchDir dir;
    auto server = tls_server({}, "other-server");
    const std::string target = "tls:localhost:" + std::to_string(port_of(server->endpoint()));
    const CommandResult r = run_client(target, "--tls-ca=" + Pki::get()("ca.pem"), write_job(dir));
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("fio: client localhost:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("certificate verify failed: unable to get local issuer certificate"), std::string::npos)
        << r.err;
    EXPECT_TRUE(wait_log(*server, "TLS handshake failed")) << server->log();
    expect_serves_good_client(*server, "--tls-ca=" + Pki::get()("other-ca.pem"), dir);
}

TEST(ClientServerTls, WrongHostNameIsRefused) {
    ScratchDir dir;
    auto server = tls_server();
    const std::string target = "tls:127.0.0.1:" + std::to_string(port_of(server->endpoint()));
    const CommandResult r =
        run_client(target, "--tls-ca=" + Pki::get()("ca.pem") + " --tls-server-name=db.example.com", write_job(dir));
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("certificate verify failed: hostname mismatch"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("not for 'db.example.com'"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_TRUE(wait_log(*server, "TLS handshake failed")) << server->log();
    expect_serves_good_client(*server, "", dir);
}

TEST(ClientServerTls, PlainClientAgainstTlsServerIsToldToUseTls) {
    ScratchDir dir;
    auto server = tls_server();
    const CommandResult r = run_client("tcp:127.0.0.1:" + std::to_string(port_of(server->endpoint())), "",
                                       write_job(dir));
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("refused: this server speaks TLS: connect with --client=tls:"), std::string::npos) << r.err;
    EXPECT_TRUE(wait_log(*server, "plain (unencrypted) fio client")) << server->log();
    expect_serves_good_client(*server, "", dir);
}

TEST(ClientServerTls, TlsClientAgainstPlainServerIsToldItIsPlain) {
    ScratchDir dir;
    FioServer server({"--server=tcp:127.0.0.1:0"});
    const CommandResult r = run_client("tls:127.0.0.1:" + std::to_string(port_of(server.endpoint())),
                                       "--tls-ca=" + Pki::get()("ca.pem"), write_job(dir));
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("the server speaks fio's plain protocol, not TLS"), std::string::npos) << r.err;
    EXPECT_TRUE(wait_log(server, "refused")) << server.log();
    const CommandResult good = run_client(server.endpoint(), "", write_job(dir));
    EXPECT_EQ(good.exit_code, 0) << good.err;
}

TEST(ClientServerTls, StalledHandshakeIsDroppedAndOthersAreServed) {
    ScratchDir dir;
    auto server = tls_server({"--tls-handshake-timeout=1s"});
    // A peer that starts a TLS record and then says nothing more.
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port_of(server->endpoint())));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    const unsigned char partial_hello[] = {0x16, 0x03, 0x01, 0x00, 0x80, 0x01};
    ASSERT_EQ(::send(fd, partial_hello, sizeof partial_hello, MSG_NOSIGNAL), static_cast<ssize_t>(sizeof partial_hello));
    // Meanwhile a good client is served.
    expect_serves_good_client(*server, "", dir);
    EXPECT_TRUE(wait_log(*server, "TLS handshake timed out after 1000 ms")) << server->log();
    // The server closed its end: the stalled peer reads the end of the stream.
    char byte = 0;
    EXPECT_LE(::recv(fd, &byte, 1, 0), 0);
    ::close(fd);
}

TEST(ClientServerTls, OptionErrorsNameTheFileOrOption) {
    const Pki& pki = Pki::get();
    const std::string cert = "--tls-cert=" + pki("server.pem");
    const std::string key = "--tls-key=" + pki("server.key");
    struct Case {
        std::string args;
        std::string error;
    };
    const std::vector<Case> cases = {
        {"--server=tls:127.0.0.1:0 --tls-cert=/nonexistent/cert.pem " + key,
         "--tls-cert=/nonexistent/cert.pem: cannot read: No such file or directory"},
        {"--server=tls:127.0.0.1:0 " + cert + " --tls-key=/nonexistent/key.pem",
         "--tls-key=/nonexistent/key.pem: cannot read: No such file or directory"},
        {"--server=tls:127.0.0.1:0 --tls-cert=" + pki("server.key") + " " + key,
         "--tls-cert=" + pki("server.key") + ": no PEM certificate in it"},
        {"--server=tls:127.0.0.1:0 " + cert + " --tls-key=" + pki("client.key"),
         "--tls-key=" + pki("client.key") + ": not the key of the certificate in " + cert},
        {"--server=tls:127.0.0.1:0 " + cert, "--tls-cert needs --tls-key"},
        {"--server=tls:127.0.0.1:0", "a tls server needs its certificate and key"},
        {"--server=tls:127.0.0.1:0 " + cert + " " + key + " --tls-ca=" + pki(""), ": not a regular file"},
        {"--server=tcp:127.0.0.1:0 --tls-ca=" + pki("ca.pem"), "--tls-ca: the tcp transport does not take it"},
        {"--server=tls:127.0.0.1:0 " + cert + " " + key + " --tls-handshake-timeout=soon",
         "option 'tls-handshake-timeout'"},
        {"--client=tcp:127.0.0.1:1 --tls-ca=" + pki("ca.pem") + " " + FIO_SOURCE_DIR + "/examples/quickstart.fio",
         "--tls-ca: no transport in use takes it (tcp)"},
    };
    for (const auto& c : cases) {
        const CommandResult r = run_fio(c.args, 30);
        EXPECT_EQ(r.exit_code, 1) << c.args << "\n" << r.err;
        EXPECT_NE(r.err.find(c.error), std::string::npos) << c.args << "\n" << r.err;
        // One error line; a plain tcp server may say first that it listens on loopback only.
        const std::string note = "fio: server: no --auth-token-file and no TLS";
        const std::size_t lines = std::count(r.err.begin(), r.err.end(), '\n');
        EXPECT_EQ(lines - (r.err.starts_with(note) ? 1 : 0), 1u) << r.err;
    }
}

TEST(ClientServerTls, ListedByListPluginsAndHelp) {
    const CommandResult plugins = run_fio("--list-plugins", 30);
    EXPECT_NE(plugins.out.find("fio-transport-tls.so"), std::string::npos) << plugins.out;
    const CommandResult help = run_fio("--help", 30);
    for (const char* option : {"--tls-cert", "--tls-key", "--tls-ca", "--tls-server-name", "--tls-handshake-timeout"}) {
        EXPECT_NE(help.out.find(option), std::string::npos) << option;
    }
}

TEST(ClientServerTls, FioItselfLinksNoTls) {
    const CommandResult r = run_shell(std::string("ldd ") + FIO_BINARY, 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find("libssl"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("libcrypto"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace fio::test
