// The `tls` transport: the tcp transport's endpoints and framing, inside TLS 1.2 or newer.
//
//   fio --server --transport tls:8765 --tls-cert=server.pem --tls-key=server.key [--tls-ca=ca.pem]
//   fio --client=tls:HOST:8765 --tls-ca=ca.pem [--tls-cert=client.pem --tls-key=client.key] job.fio
//
// The client checks the server's certificate chain against --tls-ca (else the system's
// CAs) and its name against the host it connects to (--tls-server-name overrides the
// name, never the check: there is no way to turn verification off). A server given
// --tls-ca requires every client to show a certificate signed by those CAs (mutual TLS).
#include "tls_channel.hpp"
#include "tls_contexts.hpp"

#include <fio/sdk/plugin.hpp>
#include <fio/sdk/stream_connection.hpp>
#include <fio/sdk/tcp_endpoints.hpp>
#include <fio/sdk/transport.hpp>

#include <exception>
#include <memory>
#include <string>

namespace {

using namespace fio::sdk;
using fio_tls::ChannelRole;
using fio_tls::TlsChannel;
using fio_tls::TlsContexts;
using fio_tls::TlsSettings;
using TlsConnection = BasicStreamConnection<TlsChannel>;

constexpr std::int64_t kNsPerMs = 1'000'000;

const OptionSpec kTlsOptions[] = {
    {"tls-cert", nullptr, OptionType::string, nullptr, kNoMin, kNoMax, nullptr,
     "PEM certificate chain this end shows (server: required; client: for mutual TLS)", "Transport", nullptr},
    {"tls-key", nullptr, OptionType::string, nullptr, kNoMin, kNoMax, nullptr,
     "PEM private key of --tls-cert", "Transport", nullptr},
    {"tls-ca", nullptr, OptionType::string, nullptr, kNoMin, kNoMax, nullptr,
     "PEM CA certificates to trust (client: default the system's; server: clients must show a "
     "certificate they signed)", "Transport", nullptr},
    {"tls-server-name", nullptr, OptionType::string, nullptr, kNoMin, kNoMax, nullptr,
     "Client: the name the server's certificate must carry, instead of the host connected to",
     "Transport", nullptr},
    {"tls-handshake-timeout", nullptr, OptionType::time, "10s", kNsPerMs, 3600 * 1000 * kNsPerMs, nullptr,
     "Longest a TLS handshake may take; a peer that stalls in it is dropped", "Transport", "s"},
};

TlsSettings read_settings(const OptionValues* options) {
    TlsSettings settings;
    if (options == nullptr) return settings;
    settings.cert = options->get_string("tls-cert", "");
    settings.key = options->get_string("tls-key", "");
    settings.ca = options->get_string("tls-ca", "");
    settings.server_name = options->get_string("tls-server-name", "");
    settings.handshake_timeout_ms = options->get_int("tls-handshake-timeout", 10'000 * kNsPerMs) / kNsPerMs;
    return settings;
}

class TlsTransport final : public Transport {
public:
    explicit TlsTransport(TlsSettings settings) : contexts_(std::move(settings)) {}

    std::unique_ptr<Listener> listen(const std::string& endpoint, std::string& error) override {
        SSL_CTX* context = contexts_.server(error);
        if (context == nullptr) return nullptr;
        const std::int64_t handshake_ms = contexts_.settings().handshake_timeout_ms;
        // The handshake runs in the connection's first call, on the session's thread:
        // a slow client never holds up the accepting loop.
        auto make = [context, handshake_ms](int fd, std::string peer) -> std::unique_ptr<Connection> {
            try {
                ChannelRole role;
                role.server = true;
                role.handshake_timeout_ms = handshake_ms;
                return std::make_unique<TlsConnection>(TlsChannel(fd, context, role), std::move(peer));
            } catch (const std::exception&) {
                return nullptr;  // no memory for a session: the client sees the close
            }
        };
        return listen_tcp(endpoint, "tls", error, make);
    }

    std::unique_ptr<Connection> connect(const std::string& endpoint, std::int64_t timeout_ms,
                                        std::string& error) override {
        try {
            stream_detail::Deadline deadline(timeout_ms);
            TcpTarget target;
            const int fd = connect_tcp_socket(endpoint, "tls", timeout_ms, deadline, target, error);
            if (fd < 0) return nullptr;
            ChannelRole role;
            role.expected_name = contexts_.settings().server_name.empty() ? target.host
                                                                          : contexts_.settings().server_name;
            role.handshake_timeout_ms = contexts_.settings().handshake_timeout_ms;
            TlsChannel channel(fd, contexts_.client(), role);
            // Handshake here, so a certificate the client does not trust fails the connect.
            if (!channel.handshake(deadline, error)) {
                if (error.empty()) {
                    error = "TLS handshake with " + target.peer + " timed out after " +
                            std::to_string(timeout_ms) + " ms";
                }
                return nullptr;
            }
            return std::make_unique<TlsConnection>(std::move(channel), target.peer);
        } catch (const std::exception& e) {
            error = "cannot connect to tls:" + endpoint + ": " + e.what();
            return nullptr;
        }
    }

private:
    TlsContexts contexts_;
};

Transport* make_transport(const TransportSetup& setup, char* error, std::size_t error_size) noexcept {
    try {
        return new TlsTransport(read_settings(setup.options));
    } catch (const std::exception& e) {
        write_error(error, error_size, e.what());
        return nullptr;
    }
}

}  // namespace

FIO_DECLARE_TRANSPORT_PLUGIN("tls", "1.0.0", "framed messages over TLS 1.2+ on TCP (certificates, mutual TLS)",
                             kTlsOptions, make_transport);
