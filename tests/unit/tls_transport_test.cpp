// The tls transport plugin loaded as the server and the client load it: its options
// checked when it is created (files, key against certificate, options no transport
// takes), messages both ways at and beyond the fragment size with one thread sending
// while another receives, and a handshake that never completes bounded by its timeout.
#include "cli/run_wide_options.hpp"
#include "plugins/plugin_registry.hpp"
#include "plugins/transport_factory.hpp"

#include <fio/sdk/transport.hpp>

#include <gtest/gtest.h>

#include "scratch_dir.hpp"

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace fio::core {
namespace {

constexpr std::int64_t kWaitMs = 5000;

// A CA, a server certificate for 127.0.0.1 and a stray key, made once.
class Certificates {
public:
    static const Certificates& get() {
        static const Certificates certificates;
        return certificates;
    }
    std::string operator()(const std::string& name) const { return dir_ / name; }

private:
    Certificates() {
        std::ofstream(dir_ / "ext") << "subjectAltName=IP:127.0.0.1\n";
        const std::string script =
            "set -e; cd '" + dir_.path().string() + "'; "
            "for k in ca server stray; do openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 "
            "-out $k.key; done; "
            "openssl req -x509 -new -key ca.key -out ca.pem -days 2 -subj /CN=ca; "
            "openssl req -new -key server.key -out server.csr -subj /CN=server; "
            "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem "
            "-days 2 -extfile ext";
        std::ofstream(dir_ / "make.sh") << script << "\n";
        const std::string command = "sh '" + (dir_ / "make.sh") + "' >/dev/null 2>&1";
        if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl failed");
    }
    test::ScratchDir dir_;
};

std::vector<LocatedOption> options(const std::vector<std::pair<std::string, std::string>>& given) {
    std::vector<LocatedOption> located;
    for (const auto& [name, value] : given) located.push_back({name, value, {}});
    return located;
}

class TlsTransport : public ::testing::Test {
protected:
    std::shared_ptr<sdk::Transport> make(const std::vector<LocatedOption>& given) {
        std::vector<LocatedOption> unclaimed;
        auto transport = create_transport(registry_, "tls", given, unclaimed);
        EXPECT_TRUE(unclaimed.empty());
        return transport;
    }
    std::string creation_error(const std::vector<LocatedOption>& given) {
        try {
            make(given);
        } catch (const PluginError& e) {
            return e.what();
        }
        return "(created)";
    }
    const Certificates& pki_ = Certificates::get();
    PluginRegistry registry_{{FIO_PLUGIN_DIR}};
};

// The command line knows the tls options from the plugin's own table, nowhere else.
TEST_F(TlsTransport, EveryPluginOptionIsACommandLineOption) {
    const auto plugin = registry_.find(sdk::PluginKind::transport, "tls");
    const auto& descriptor = plugin->descriptor();
    const RunWideOptionIndex index(registry_);
    for (std::size_t i = 0; i < descriptor.option_count; ++i) {
        const auto* owner = index.find(descriptor.options[i].name);
        ASSERT_NE(owner, nullptr) << descriptor.options[i].name;
        EXPECT_EQ(describe_owner(*owner), "transport 'tls'");
    }
}

TEST_F(TlsTransport, OptionErrorsNameTheFile) {
    EXPECT_EQ(creation_error(options({{"tls-cert", "/nonexistent.pem"}, {"tls-key", pki_("server.key")}})),
              "transport 'tls' could not start: --tls-cert=/nonexistent.pem: cannot read: No such file or directory");
    EXPECT_EQ(creation_error(options({{"tls-cert", pki_("server.pem")}, {"tls-key", pki_("stray.key")}})),
              "transport 'tls' could not start: --tls-key=" + pki_("stray.key") +
                  ": not the key of the certificate in --tls-cert=" + pki_("server.pem"));
    EXPECT_EQ(creation_error(options({{"tls-key", pki_("server.key")}})),
              "transport 'tls' could not start: --tls-key needs --tls-cert (the certificate of that key)");
    EXPECT_NE(creation_error(options({{"tls-ca", pki_("server.key")}})).find("--tls-ca=" + pki_("server.key") +
                                                                             ": no PEM certificate in it"),
              std::string::npos);
    EXPECT_NE(creation_error(options({{"tls-handshake-timeout", "0"}})).find("tls-handshake-timeout"),
              std::string::npos);
    // A client needs no certificate; a server does.
    auto client_only = make(options({{"tls-ca", pki_("ca.pem")}}));
    std::string error;
    EXPECT_EQ(client_only->listen("127.0.0.1:0", error), nullptr);
    EXPECT_EQ(error, "a tls server needs its certificate and key: give --tls-cert=FILE and --tls-key=FILE");
}

TEST_F(TlsTransport, OptionsATransportDoesNotDeclareAreReported) {
    std::vector<LocatedOption> unclaimed;
    const auto given = options({{"tls-ca", pki_("ca.pem")}});
    create_transport(registry_, "tcp", given, unclaimed);
    EXPECT_EQ(unclaimed, given);
    EXPECT_EQ(unclaimed_transport_option(given, {unclaimed}, {"tcp"}), "--tls-ca: no transport in use takes it (tcp)");
    EXPECT_EQ(unclaimed_transport_option(given, {unclaimed, {}}, {"tcp", "tls"}), "");
}

TEST_F(TlsTransport, MessagesBothWaysWhileTheOtherDirectionIsBusy) {
    std::signal(SIGPIPE, SIG_IGN);  // as fio --server and --client run
    auto server_side = make(options({{"tls-cert", pki_("server.pem")}, {"tls-key", pki_("server.key")}}));
    auto client_side = make(options({{"tls-ca", pki_("ca.pem")}}));
    std::string error;
    auto listener = server_side->listen("127.0.0.1:0", error);
    ASSERT_TRUE(listener) << error;
    const std::string endpoint = listener->endpoint();
    ASSERT_EQ(endpoint.rfind("tls:127.0.0.1:", 0), 0u) << endpoint;

    // The client's handshake runs in connect(), the server's in its first call.
    std::unique_ptr<sdk::Connection> client;
    const sdk::Message hello{16, 1, {1, 2, 3}};
    std::thread connector([&] {
        client = client_side->connect(endpoint.substr(4), kWaitMs, error);
        if (client) client->send(hello, kWaitMs);
    });
    auto server = listener->accept(kWaitMs);
    ASSERT_TRUE(server);
    std::optional<sdk::Message> got = server->receive(kWaitMs);
    connector.join();
    ASSERT_TRUE(client) << error;
    ASSERT_TRUE(got) << server->error();
    EXPECT_EQ(got->payload, hello.payload);
    EXPECT_GE(client->native_handle(), 0);
    for (std::size_t size : {std::size_t{0}, std::size_t{1000}, std::size_t{300 * 1024}}) {
        sdk::Message out{6, size + 1, std::vector<std::uint8_t>(size)};
        for (std::size_t i = 0; i < size; ++i) out.payload[i] = static_cast<std::uint8_t>(i * 13);
        sdk::Message back{9, size + 2, out.payload};
        bool sent_out = false;
        bool sent_back = false;
        std::optional<sdk::Message> at_client;
        // Both ends send and receive at once: each connection has a sender and a receiver.
        std::thread client_sender([&] { sent_out = client->send(out, kWaitMs); });
        std::thread client_receiver([&] { at_client = client->receive(kWaitMs); });
        std::thread server_sender([&] { sent_back = server->send(back, kWaitMs); });
        got = server->receive(kWaitMs);
        client_sender.join();
        client_receiver.join();
        server_sender.join();
        ASSERT_TRUE(sent_out && sent_back) << client->error() << server->error();
        ASSERT_TRUE(got) << server->error();
        ASSERT_TRUE(at_client) << client->error();
        EXPECT_EQ(got->tag, size + 1);
        EXPECT_EQ(got->payload, out.payload);
        EXPECT_EQ(at_client->tag, size + 2);
        EXPECT_EQ(at_client->payload, back.payload);
    }
    client->close();
    EXPECT_FALSE(server->receive(kWaitMs));
    EXPECT_NE(server->error().find("closed by peer"), std::string::npos) << server->error();
}

TEST_F(TlsTransport, ClientHandshakeIsBoundedByTheConnectTimeout) {
    // A plain listener that accepts (the kernel does) and never answers the ClientHello.
    auto tcp = create_transport(registry_, "tcp");
    std::string error;
    auto silent = tcp->listen("127.0.0.1:0", error);
    ASSERT_TRUE(silent) << error;
    const std::string address = silent->endpoint().substr(4);
    auto client_side = make(options({{"tls-ca", pki_("ca.pem")}}));
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(client_side->connect(address, 300, error));
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(error, "TLS handshake with " + address + " timed out after 300 ms");
    EXPECT_LT(took, std::chrono::seconds(3));
}

}  // namespace
}  // namespace fio::core
