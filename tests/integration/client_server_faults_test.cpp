// fio --server and fio --client when things go wrong: a client killed mid-run, a run
// that crashes, a server killed or stopped mid-run, peers that connect and vanish or
// send garbage, stock fio on the other end, and --daemonize. Loopback only; every
// process is started and stopped by PID, and every wait is bounded.
#include "fio_server.hpp"
#include "raw_socket.hpp"
#include "process_facts.hpp"
#include "run_command.hpp"
#include "test_process.hpp"

#include <fio/sdk/frame.hpp>
#include <fio/sdk/wire_messages.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace fio::test {
namespace {

namespace wire = sdk::wire;
using nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* kLongJob = "[long]\nioengine=null\nsize=1m\ntime_based\nruntime=20\n";
constexpr const char* kQuickJob = "[quick]\nioengine=null\nsize=1m\nbs=4k\n";

std::string write_job(const ScratchDir& dir, const std::string& name, const std::string& text) {
    const std::string path = dir / name;
    std::ofstream(path) << text;
    return path;
}

int port_of(const std::string& endpoint) { return std::stoi(endpoint.substr(endpoint.rfind(':') + 1)); }

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}


// A 24-byte header whose own CRC is right, whatever nonsense it announces.
std::vector<std::uint8_t> header(std::uint16_t version, std::uint16_t opcode, std::uint32_t flags,
                                 std::uint64_t tag, std::uint32_t pdu_len, std::uint16_t pdu_crc) {
    std::vector<std::uint8_t> bytes(wire::kHeaderSize);
    const auto put = [&](std::size_t at, std::uint64_t value, int size) {
        for (int i = 0; i < size; ++i) bytes[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
    };
    put(0, version, 2);
    put(2, opcode, 2);
    put(4, flags, 4);
    put(8, tag, 8);
    put(16, pdu_len, 4);
    put(20, wire::crc16(bytes.data(), 20), 2);
    put(22, pdu_crc, 2);
    return bytes;
}

// The server's descriptors and threads once it has settled, to compare against later.
struct Footprint {
    int fds = 0;
    int threads = 0;
};

Footprint settled_footprint(pid_t server) {
    std::this_thread::sleep_for(300ms);
    return {open_fd_count(server), thread_count(server)};
}

// Whether the server is back to `baseline` within a bound (loose: it polls).
::testing::AssertionResult returns_to(pid_t server, Footprint baseline, std::chrono::milliseconds bound) {
    if (wait_for([&] { return open_fd_count(server) <= baseline.fds && thread_count(server) <= baseline.threads; },
                 bound)) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "fds " << open_fd_count(server) << " (baseline " << baseline.fds
                                         << "), threads " << thread_count(server) << " (baseline "
                                         << baseline.threads << ")";
}

// A client run of `job` in the background, started once the server is warm.
std::unique_ptr<TestProcess> start_client(const std::vector<std::string>& args) {
    return std::make_unique<TestProcess>(FIO_BINARY, args);
}

// The server's run process, once the run has started (empty if none within 10 s).
std::vector<pid_t> wait_for_run_process(FioServer& server) {
    std::vector<pid_t> runs;
    wait_for([&] { return !(runs = children_of(server.pid())).empty(); }, 10s);
    return runs;
}

bool quick_client_succeeds(const FioServer& server, const std::string& job) {
    const CommandResult r = run_fio("--client=" + server.endpoint() + " " + job, 30);
    EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
    return r.exit_code == 0;
}

// A server that has served one client already: what that leaves open (descriptors,
// threads) is the baseline every later check compares against.
class ClientServerLeaks : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(quick_client_succeeds(server, quick));
        baseline = settled_footprint(server.pid());
    }

    ScratchDir dir;
    FioServer server{{"--server=tcp:127.0.0.1:0"}};
    const std::string quick = write_job(dir, "quick.fio", kQuickJob);
    const int port = port_of(server.endpoint());
    const std::vector<std::uint8_t> probe = probe_frame();
    Footprint baseline;
};

TEST_F(ClientServerLeaks, AClientKilledMidRunLeavesNothingBehind) {

    auto client = start_client({"--client=" + server.endpoint(), write_job(dir, "long.fio", kLongJob)});
    ASSERT_FALSE(wait_for_run_process(server).empty()) << server.log();
    std::this_thread::sleep_for(500ms);
    ::kill(client->pid(), SIGKILL);
    EXPECT_TRUE(wait_for([&] { return children_of(server.pid()).empty(); }, 2s));
    EXPECT_TRUE(returns_to(server.pid(), baseline, 3s));
    EXPECT_TRUE(wait_for([&] { return server.log().find("client gone") != std::string::npos; }, 2s))
        << server.log();
    EXPECT_TRUE(quick_client_succeeds(server, quick));
    EXPECT_TRUE(server.alive());
}

// A server in the middle of a 20 s run for a client of its own.
struct ServerMidRun {
    ScratchDir dir;
    FioServer server{{"--server=tcp:127.0.0.1:0"}};
    std::unique_ptr<TestProcess> client =
        start_client({"--client=" + server.endpoint(), write_job(dir, "long.fio", kLongJob)});
    std::vector<pid_t> runs = wait_for_run_process(server);
};

TEST(ClientServerFaults, AClientDisconnectStopsTheRunWithinASecond) {
    ServerMidRun mid;
    ASSERT_EQ(mid.runs.size(), 1u) << mid.server.log();
    std::this_thread::sleep_for(500ms);
    const auto killed = Clock::now();
    ::kill(mid.client->pid(), SIGKILL);
    ASSERT_TRUE(wait_for([&] { return process_gone(mid.runs[0]); }, 5s));
    EXPECT_LT(seconds_since(killed), 1.5);
}

TEST(ClientServerFaults, ACrashingRunNamesTheHostAndSignalAndTheServerServesOn) {
    ScratchDir dir;
    FioServer server({"--server=tcp:127.0.0.1:0", std::string("--plugin-dir=") + FIO_TEST_PLUGIN_DIR});
    // The engine raises SIGSEGV on its 100th I/O, well inside 4 MiB of 4 KiB blocks.
    const std::string crash = write_job(dir, "crash.fio", "[c]\nioengine=crashes\nsize=4m\nbs=4k\n");
    const CommandResult r = run_fio("--client=" + server.endpoint() + " " + crash, 30);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("client " + server.label() + ":"), std::string::npos) << r.err;
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer catches the SIGSEGV, reports it and aborts the run process.
    EXPECT_NE(r.err.find("the run process was killed by signal 6"), std::string::npos) << r.err;
#elif defined(__SANITIZE_THREAD__)
    // ThreadSanitizer catches the SIGSEGV, reports it and exits the run process.
    EXPECT_NE(r.err.find("the run process ended without reporting its results"), std::string::npos) << r.err;
#else
    EXPECT_NE(r.err.find("the run process was killed by signal 11"), std::string::npos) << r.err;
#endif
    EXPECT_TRUE(server.alive());
    EXPECT_TRUE(quick_client_succeeds(server, write_job(dir, "quick.fio", kQuickJob)));
}

TEST(ClientServerFaults, AServerKilledMidRunFailsByNameWhileTheOtherReports) {
    ScratchDir dir;
    FioServer doomed({"--server=tcp:127.0.0.1:0"});
    FioServer survivor({"--server=tcp:127.0.0.1:0"});
    const std::string job = write_job(dir, "three.fio", "[three]\nioengine=null\nsize=1m\ntime_based\nruntime=3\n");
    const auto start = Clock::now();
    auto client = start_client({"--client=" + doomed.endpoint(), "--client=" + survivor.endpoint(),
                                "--output-format=json", job});
    const std::vector<pid_t> orphans = wait_for_run_process(doomed);
    ASSERT_FALSE(orphans.empty()) << doomed.log();
    ASSERT_FALSE(wait_for_run_process(survivor).empty()) << survivor.log();
    doomed.kill_now();
    // The survivor's 3 s run, and no waiting out a silent host (30 s) for the dead one.
    const auto status = client->wait_exit(15s);
    for (pid_t orphan : orphans) ::kill(orphan, SIGKILL);  // its server can no longer end it
    ASSERT_TRUE(status.has_value()) << "the client did not end";
    EXPECT_LT(seconds_since(start), 12.0);
    EXPECT_TRUE(WIFEXITED(*status));
    EXPECT_EQ(WEXITSTATUS(*status), 1);
    const std::string err = client->err();
    EXPECT_NE(err.find("client " + doomed.label() + ":"), std::string::npos) << err;
    const json doc = json::parse(client->out());
    ASSERT_EQ(doc.at("client_stats").size(), 1u) << doc.dump();
    const json& entry = doc.at("client_stats")[0];
    EXPECT_EQ(entry.at("port"), port_of(survivor.endpoint()));
    EXPECT_GT(entry.at("read").at("io_bytes").get<std::uint64_t>(), 0u);
}

TEST(ClientServerFaults, SigtermMidRunStopsTheServerAndItsRun) {
    ServerMidRun mid;
    ASSERT_EQ(mid.runs.size(), 1u) << mid.server.log();
    std::this_thread::sleep_for(300ms);
    ::kill(mid.server.pid(), SIGTERM);
    const auto status = mid.server.wait_exit(3s);
    ASSERT_TRUE(status.has_value()) << "the server did not stop within 3 s";
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << *status;
    EXPECT_TRUE(wait_for([&] { return process_gone(mid.runs[0]); }, 1s));
    const auto client_status = mid.client->wait_exit(10s);
    ASSERT_TRUE(client_status.has_value());
    EXPECT_TRUE(WIFEXITED(*client_status) && WEXITSTATUS(*client_status) == 1) << *client_status;
    const std::string err = mid.client->err();
    EXPECT_NE(err.find("client " + mid.server.label() + ":"), std::string::npos) << err;
    EXPECT_TRUE(err.find("shutting down") != std::string::npos ||
                err.find("connection lost") != std::string::npos)
        << err;
}

TEST_F(ClientServerLeaks, HundredConnectDisconnectCyclesLeakNothing) {
    int answered = 0;
    for (int i = 0; i < 100; ++i) {
        RawSocket socket(port);
        ASSERT_TRUE(socket.connected()) << "cycle " << i;
        switch (i % 3) {
            case 0: {  // a good probe, its answer, then gone
                socket.send_bytes(probe);
                const auto reply = socket.receive();
                answered += reply && reply->opcode == static_cast<std::uint16_t>(wire::Opcode::probe);
                break;
            }
            case 1:  // connects and says nothing
                break;
            default:  // hangs up in the middle of a frame
                socket.send_bytes(std::vector<std::uint8_t>(probe.begin(), probe.begin() + 10 + i % 20));
                break;
        }
    }
    EXPECT_EQ(answered, 34);
    EXPECT_TRUE(returns_to(server.pid(), baseline, 5s));
    EXPECT_TRUE(server.alive());
    EXPECT_TRUE(quick_client_succeeds(server, quick));
}

// One mutated or made-up frame, chosen by `rng`.
std::vector<std::uint8_t> fuzz_frame(std::mt19937& rng, const std::vector<std::uint8_t>& probe) {
    const auto random = [&](std::uint64_t below) { return std::uniform_int_distribution<std::uint64_t>(0, below - 1)(rng); };
    const auto random_bytes = [&](std::size_t size) {
        std::vector<std::uint8_t> bytes(size);
        for (auto& b : bytes) b = static_cast<std::uint8_t>(random(256));
        return bytes;
    };
    const auto opcode = [&] { return static_cast<std::uint16_t>(random(80)); };
    switch (random(7)) {
        case 0: {  // a good probe with a few bytes flipped
            std::vector<std::uint8_t> bytes = probe;
            for (std::uint64_t flips = 1 + random(4); flips > 0; --flips) bytes[random(bytes.size())] ^= 1u << random(8);
            return bytes;
        }
        case 1:  // a good header announcing far more than any fragment may hold
            return header(wire::kWireVersion, opcode(), static_cast<std::uint32_t>(random(2)), random(1u << 30),
                          static_cast<std::uint32_t>(wire::kMaxFragmentSize + 1 + random(0xFFFF'0000u)),
                          static_cast<std::uint16_t>(random(65536)));
        case 2: {  // stock fio's protocol 97 (or another foreign version) with a payload
            const std::vector<std::uint8_t> body = random_bytes(random(64));
            auto bytes = header(random(2) ? wire::kStockProtocolVersion : static_cast<std::uint16_t>(random(65536)),
                                opcode(), 0, random(1000), static_cast<std::uint32_t>(body.size()),
                                wire::crc16(body.data(), body.size()));
            bytes.insert(bytes.end(), body.begin(), body.end());
            return bytes;
        }
        case 3: {  // a right header, then only part of its payload
            const std::vector<std::uint8_t> body = random_bytes(1 + random(2000));
            auto bytes = header(wire::kWireVersion, opcode(), 0, random(1000), static_cast<std::uint32_t>(body.size()),
                                wire::crc16(body.data(), body.size()));
            bytes.insert(bytes.end(), body.begin(), body.begin() + static_cast<std::ptrdiff_t>(random(body.size())));
            return bytes;
        }
        case 4:  // noise
            return random_bytes(1 + random(200));
        case 5: {  // well framed, any opcode, a payload of random bytes
            const std::vector<std::uint8_t> body = random_bytes(random(300));
            return wire::encode_message(sdk::Message{opcode(), random(1000), body});
        }
        default: {  // a first fragment (MORE), then a second one of another opcode
            const std::vector<std::uint8_t> body = random_bytes(1 + random(100));
            auto bytes = header(wire::kWireVersion, 9, wire::kFlagMore, 7, static_cast<std::uint32_t>(body.size()),
                                wire::crc16(body.data(), body.size()));
            bytes.insert(bytes.end(), body.begin(), body.end());
            auto second = header(wire::kWireVersion, 10, 0, 7, static_cast<std::uint32_t>(body.size()),
                                 wire::crc16(body.data(), body.size()));
            bytes.insert(bytes.end(), second.begin(), second.end());
            bytes.insert(bytes.end(), body.begin(), body.end());
            return bytes;
        }
    }
}

TEST_F(ClientServerLeaks, ThousandsOfBadFramesThenAGoodClientIsServed) {
    constexpr unsigned kSeed = 11;
    std::mt19937 rng(kSeed);
    int frames = 0;
    for (int connection = 0; connection < 1000; ++connection) {
        RawSocket socket(port);
        ASSERT_TRUE(socket.connected()) << "connection " << connection << ", seed " << kSeed;
        // Half get past the handshake first, so the bad frames reach a session's loop.
        std::vector<std::uint8_t> bytes = connection % 2 ? probe : std::vector<std::uint8_t>{};
        for (int i = 0; i < 3; ++i, ++frames) {
            const auto frame = fuzz_frame(rng, probe);
            bytes.insert(bytes.end(), frame.begin(), frame.end());
        }
        socket.send_bytes(bytes);
    }
    EXPECT_EQ(frames, 3000);
    // The frames reached the codec's every check, not only the first.
    for (const char* refusal : {"header CRC mismatch", "payload CRC mismatch", "exceeds the limit",
                                "stock fio protocol 97", "unknown protocol version", "opcode changed"}) {
        EXPECT_NE(server.log().find(refusal), std::string::npos) << refusal;
    }
    ASSERT_TRUE(server.alive()) << server.log();
    EXPECT_TRUE(quick_client_succeeds(server, quick));
    EXPECT_TRUE(returns_to(server.pid(), baseline, 10s));
    EXPECT_TRUE(server.alive());
}

TEST(ClientServerFaults, StockFioOnEitherSideEndsQuicklyWithTheVersionMessage) {
    if (::access("/usr/bin/fio", X_OK) != 0) GTEST_SKIP() << "stock fio (/usr/bin/fio) is not installed";
    ScratchDir dir;
    const std::string quick = write_job(dir, "quick.fio", kQuickJob);

    FioServer ours({"--server=tcp:127.0.0.1:0"});
    auto start = Clock::now();
    const CommandResult stock_client =
        run_shell("/usr/bin/fio --client=ip:127.0.0.1," + std::to_string(port_of(ours.endpoint())) + " " + quick, 20);
    EXPECT_LT(seconds_since(start), 5.0);
    EXPECT_NE(stock_client.exit_code, 0);
    EXPECT_NE((stock_client.out + stock_client.err).find("version mismatch"), std::string::npos)
        << stock_client.out << stock_client.err;
    EXPECT_TRUE(ours.alive());

    const int port = free_loopback_port();
    TestProcess stock_server("/usr/bin/fio", {"--server=ip:127.0.0.1," + std::to_string(port)});
    ASSERT_TRUE(wait_for([&] { return RawSocket(port).connected(); }, 5s)) << stock_server.err();
    start = Clock::now();
    const CommandResult our_client = run_fio("--client=ip:127.0.0.1," + std::to_string(port) + " " + quick, 20);
    EXPECT_LT(seconds_since(start), 5.0);
    EXPECT_NE(our_client.exit_code, 0);
    EXPECT_NE(our_client.err.find("stock fio protocol 97"), std::string::npos) << our_client.err;
    stock_server.stop();
}

TEST(ClientServerFaults, DaemonizeReturnsAtOnceAndThePidfileNamesTheServer) {
    ScratchDir dir;
    const std::string pidfile = dir / "fio.pid";
    const auto start = Clock::now();
    const CommandResult r = run_fio("--server=tcp:127.0.0.1:0 --daemonize --pidfile=" + pidfile, 10);
    EXPECT_LT(seconds_since(start), 5.0);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto at = r.out.find("listening on ");
    ASSERT_NE(at, std::string::npos) << r.out;
    const std::string endpoint = r.out.substr(at + 13, r.out.find('\n', at) - at - 13);
    pid_t pid = -1;
    ASSERT_TRUE(wait_for(
        [&] {
            std::ifstream in(pidfile);
            return static_cast<bool>(in >> pid);
        },
        5s));
    ASSERT_GT(pid, 1);
    ASSERT_FALSE(process_gone(pid));
    const CommandResult served = run_fio("--client=" + endpoint + " " + write_job(dir, "quick.fio", kQuickJob), 30);
    ::kill(pid, SIGTERM);
    EXPECT_EQ(served.exit_code, 0) << served.err;
    EXPECT_TRUE(wait_for([&] { return process_gone(pid); }, 5s));
    if (!process_gone(pid)) ::kill(pid, SIGKILL);
}

}  // namespace
}  // namespace fio::test
