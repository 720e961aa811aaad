// The built tcp and unix transport plugins, loaded through the registry as the server
// and client load them: messages both ways at and beyond the fragment size, timeouts,
// a peer that leaves, a stock fio peer, and a listener that outlives a garbage client.
#include "plugins/plugin_registry.hpp"
#include "plugins/transport_factory.hpp"

#include <fio/sdk/frame.hpp>
#include <fio/sdk/transport.hpp>

#include <gtest/gtest.h>

#include "scratch_dir.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace fio::core {
namespace {

constexpr std::int64_t kWaitMs = 5000;  // generous: only a broken transport waits this long

sdk::Message make_message(std::uint16_t opcode, std::uint64_t tag, std::size_t size) {
    sdk::Message m;
    m.opcode = opcode;
    m.tag = tag;
    m.payload.resize(size);
    for (std::size_t i = 0; i < size; ++i) m.payload[i] = static_cast<std::uint8_t>(i * 7 + tag);
    return m;
}

// One transport, a listener on a free endpoint, and a connected pair.
struct Pair {
    std::unique_ptr<sdk::Connection> client;
    std::unique_ptr<sdk::Connection> server;
};

class TransportPlugins : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        transport_ = create_transport(registry_, GetParam());
        std::string error;
        listener_ = transport_->listen(listen_address(), error);
        ASSERT_TRUE(listener_) << error;
    }
    void TearDown() override { listener_.reset(); }

    std::string listen_address() const { return GetParam() == "tcp" ? "0" : dir_ / "fio.sock"; }

    // Where a client connects: the listener's endpoint without "<name>:".
    std::string connect_address() const {
        const std::string endpoint = listener_->endpoint();
        const std::string prefix = GetParam() + ":";
        EXPECT_EQ(endpoint.rfind(prefix, 0), 0u) << endpoint;
        std::string address = endpoint.substr(prefix.size());
        // The dual-stack wildcard is reached through loopback.
        if (address.rfind("[::]:", 0) == 0) address = "127.0.0.1:" + address.substr(5);
        return address;
    }

    Pair connect_pair() {
        Pair pair;
        std::string error;
        pair.client = transport_->connect(connect_address(), kWaitMs, error);
        EXPECT_TRUE(pair.client) << error;
        pair.server = listener_->accept(kWaitMs);
        EXPECT_TRUE(pair.server) << listener_->error();
        return pair;
    }

    test::ScratchDir dir_;
    PluginRegistry registry_{{FIO_PLUGIN_DIR}};
    std::shared_ptr<sdk::Transport> transport_;
    std::unique_ptr<sdk::Listener> listener_;
};

TEST_P(TransportPlugins, ListenerReportsItsRealEndpoint) {
    const std::string endpoint = listener_->endpoint();
    if (GetParam() == "tcp") {
        EXPECT_EQ(endpoint.rfind("tcp:", 0), 0u);
        EXPECT_EQ(endpoint.find(":0", endpoint.size() - 2), std::string::npos) << endpoint;
        EXPECT_NE(endpoint.find(']'), std::string::npos) << "dual stack binds [::]: " << endpoint;
    } else {
        EXPECT_EQ(endpoint, "unix:" + (dir_ / "fio.sock"));
    }
}

TEST_P(TransportPlugins, MessagesBothWays) {
    Pair pair = connect_pair();
    ASSERT_TRUE(pair.client && pair.server);
    EXPECT_GE(pair.client->native_handle(), 0);
    for (std::size_t size : {std::size_t{0}, std::size_t{1024}, std::size_t{200 * 1024}}) {
        // The large message is bigger than the socket buffers: send on a thread while
        // this one receives, as a server's relay does.
        const sdk::Message out = make_message(6, size + 1, size);
        bool sent = false;
        std::thread sender([&] { sent = pair.client->send(out, kWaitMs); });
        const auto in = pair.server->receive(kWaitMs);
        sender.join();
        ASSERT_TRUE(sent) << pair.client->error();
        ASSERT_TRUE(in.has_value()) << pair.server->error();
        EXPECT_EQ(in->opcode, 6);
        EXPECT_EQ(in->tag, size + 1);
        EXPECT_EQ(in->payload, out.payload);

        const sdk::Message back = make_message(9, size + 2, size);
        std::thread replier([&] { sent = pair.server->send(back, kWaitMs); });
        const auto reply = pair.client->receive(kWaitMs);
        replier.join();
        ASSERT_TRUE(sent) << pair.server->error();
        ASSERT_TRUE(reply.has_value()) << pair.client->error();
        EXPECT_EQ(reply->payload, back.payload);
    }
}

TEST_P(TransportPlugins, ReceiveTimeoutIsNotAnError) {
    Pair pair = connect_pair();
    ASSERT_TRUE(pair.client && pair.server);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(pair.server->receive(50).has_value());
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(45));
    EXPECT_EQ(pair.server->error(), "");
    // Still usable afterwards.
    ASSERT_TRUE(pair.client->send(make_message(5, 1, 3), kWaitMs));
    EXPECT_TRUE(pair.server->receive(kWaitMs).has_value());
    // Accept times out the same way.
    EXPECT_EQ(listener_->accept(20), nullptr);
    EXPECT_EQ(listener_->error(), "");
}

TEST_P(TransportPlugins, PeerCloseIsReported) {
    Pair pair = connect_pair();
    ASSERT_TRUE(pair.client && pair.server);
    ASSERT_TRUE(pair.client->send(make_message(5, 1, 10), kWaitMs));
    pair.client.reset();
    // What was sent before the close still arrives, then the close.
    EXPECT_TRUE(pair.server->receive(kWaitMs).has_value());
    EXPECT_FALSE(pair.server->receive(kWaitMs).has_value());
    EXPECT_EQ(pair.server->error(), "connection closed by peer");
    EXPECT_FALSE(pair.server->receive(0).has_value());  // dead: returns at once
}

TEST_P(TransportPlugins, LocalCloseWakesAReceiver) {
    Pair pair = connect_pair();
    ASSERT_TRUE(pair.client && pair.server);
    std::optional<sdk::Message> got;
    std::thread receiver([&] { got = pair.server->receive(kWaitMs); });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    pair.server->close();
    receiver.join();
    EXPECT_FALSE(got.has_value());
    EXPECT_FALSE(pair.server->error().empty());
}

// A raw socket to the listener, as a foreign program would open one.
int raw_connect(const std::string& kind, const std::string& address) {
    if (kind == "unix") {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un sa{};
        sa.sun_family = AF_UNIX;
        std::strncpy(sa.sun_path, address.c_str(), sizeof sa.sun_path - 1);
        if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) ADD_FAILURE() << "connect";
        return fd;
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons(static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1))));
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) ADD_FAILURE() << "connect";
    return fd;
}

TEST_P(TransportPlugins, StockPeerGetsTheVersionMessage) {
    const int raw = raw_connect(GetParam(), connect_address());
    auto server = listener_->accept(kWaitMs);
    ASSERT_TRUE(server);
    // What stock fio 3.33's client sends first: a PROBE with protocol version 97.
    const auto probe = sdk::wire::encode_message(make_message(10, 0, 0), sdk::wire::kFragmentSize,
                                                 sdk::wire::kStockProtocolVersion);
    ASSERT_EQ(::write(raw, probe.data(), probe.size()), static_cast<ssize_t>(probe.size()));
    EXPECT_FALSE(server->receive(kWaitMs).has_value());
    EXPECT_EQ(server->error(), "peer speaks stock fio protocol 97; this fio speaks protocol 1.1");
    ::close(raw);
}

TEST_P(TransportPlugins, ListenerServesTheNextClientAfterGarbage) {
    const int raw = raw_connect(GetParam(), connect_address());
    auto bad = listener_->accept(kWaitMs);
    ASSERT_TRUE(bad);
    const char garbage[] = "GET / HTTP/1.1\r\nHost: fio\r\n\r\n";
    ASSERT_GT(::write(raw, garbage, sizeof garbage), 0);
    EXPECT_FALSE(bad->receive(kWaitMs).has_value());
    EXPECT_NE(bad->error().find("header CRC mismatch"), std::string::npos) << bad->error();
    ::close(raw);
    bad.reset();

    Pair good = connect_pair();
    ASSERT_TRUE(good.client && good.server);
    ASSERT_TRUE(good.client->send(make_message(10, 7, 16), kWaitMs));
    const auto probe = good.server->receive(kWaitMs);
    ASSERT_TRUE(probe.has_value()) << good.server->error();
    EXPECT_EQ(probe->tag, 7u);
}

TEST_P(TransportPlugins, ConnectFailureSaysWhere) {
    std::string error;
    const std::string address = GetParam() == "tcp" ? "127.0.0.1:1" : dir_ / "nobody.sock";
    EXPECT_EQ(transport_->connect(address, 1000, error), nullptr);
    EXPECT_NE(error.find("cannot connect to"), std::string::npos) << error;
    EXPECT_NE(error.find(GetParam() == "tcp" ? "127.0.0.1:1" : address), std::string::npos) << error;
}

INSTANTIATE_TEST_SUITE_P(Stream, TransportPlugins, ::testing::Values("tcp", "unix"),
                         [](const auto& info) { return info.param; });

TEST(TransportPluginsUnix, ReplacesAStaleSocketButNotALiveOne) {
    test::ScratchDir dir;
    PluginRegistry registry{{FIO_PLUGIN_DIR}};
    auto transport = create_transport(registry, "unix");
    const std::string path = dir / "s.sock";
    std::string error;
    auto first = transport->listen(path, error);
    ASSERT_TRUE(first) << error;
    EXPECT_EQ(transport->listen(path, error), nullptr);
    EXPECT_NE(error.find("a server is already listening there"), std::string::npos) << error;
    first.reset();
    EXPECT_NE(::access(path.c_str(), F_OK), 0) << "the listener removes its socket file";
    std::ofstream(dir / "plain") << "x";
    EXPECT_EQ(transport->listen(dir / "plain", error), nullptr);
    EXPECT_NE(error.find("not a socket"), std::string::npos) << error;
}

TEST(TransportPluginsTcp, Ipv6LoopbackAndBadEndpoints) {
    PluginRegistry registry{{FIO_PLUGIN_DIR}};
    auto transport = create_transport(registry, "tcp");
    std::string error;
    auto listener = transport->listen("[::1]:0", error);
    if (!listener) GTEST_SKIP() << "no IPv6 loopback here: " << error;
    const std::string endpoint = listener->endpoint();
    ASSERT_EQ(endpoint.rfind("tcp:[::1]:", 0), 0u) << endpoint;
    auto client = transport->connect(endpoint.substr(4), kWaitMs, error);
    ASSERT_TRUE(client) << error;
    EXPECT_TRUE(listener->accept(kWaitMs));
    EXPECT_EQ(transport->listen("[::1:0", error), nullptr);
    EXPECT_NE(error.find("unclosed '['"), std::string::npos) << error;
    EXPECT_EQ(transport->connect("host:99999", 100, error), nullptr);
    EXPECT_NE(error.find("bad port '99999'"), std::string::npos) << error;
}

TEST(TransportPluginsRegistry, UnknownTransportIsAPluginError) {
    PluginRegistry registry{{FIO_PLUGIN_DIR}};
    EXPECT_THROW(create_transport(registry, "carrier-pigeon"), PluginError);
}

// A transport built before ABI 1.3 has no Connection::native_handle() in its vtable,
// which the server calls: it is refused naming both versions, not called into a crash.
TEST(TransportPluginsRegistry, ATransportOlderThanAbi13IsRefused) {
    PluginRegistry registry{{FIO_TEST_PLUGIN_DIR}};
    try {
        create_transport(registry, FIO_TEST_PLUGIN_DIR "/fio-transport-stub12.so");
        ADD_FAILURE() << "a 1.2 transport was accepted";
    } catch (const PluginError& e) {
        const std::string why = e.what();
        EXPECT_NE(why.find("fio-transport-stub12.so: built for fio SDK ABI 1.2, but this fio (ABI 1."),
                  std::string::npos) << why;
        EXPECT_NE(why.find("needs a transport of ABI 1.3 or later"), std::string::npos) << why;
    }
    auto current = create_transport(registry, FIO_TEST_PLUGIN_DIR "/fio-transport-stub.so");
    std::string error;
    EXPECT_EQ(current->connect("anywhere", 10, error), nullptr);
    EXPECT_EQ(error, "the stub transport reaches nowhere");
}

}  // namespace
}  // namespace fio::core
