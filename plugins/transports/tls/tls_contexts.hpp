// What a user gives the tls transport (certificate, key, trusted CAs, the name to expect,
// the handshake's time limit) and the OpenSSL contexts made from it: one to serve, one
// to connect. Every file is read and checked when the transport is created, so a wrong
// path or a key that does not belong to the certificate is one line before anything runs.
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace fio_tls {

struct TlsSettings {
    std::string cert;         // --tls-cert: PEM certificate chain (ours, leaf first)
    std::string key;          // --tls-key: PEM private key of that certificate
    std::string ca;           // --tls-ca: PEM CA certificates to trust; server: clients must show one
    std::string server_name;  // --tls-server-name: the name a client expects instead of the host's
    std::int64_t handshake_timeout_ms = 10'000;  // --tls-handshake-timeout
};

class TlsContexts {
public:
    // Throws std::runtime_error, one line naming the option and the file at fault.
    explicit TlsContexts(TlsSettings settings);

    // The server side; nullptr + error when no certificate and key were given.
    SSL_CTX* server(std::string& error);
    // The client side: verifies the server against --tls-ca (else the system's CAs) and
    // shows our certificate when one was given.
    SSL_CTX* client() { return client_->native_handle(); }
    const TlsSettings& settings() const noexcept { return settings_; }

private:
    TlsSettings settings_;
    std::optional<boost::asio::ssl::context> server_;  // only with a certificate
    std::optional<boost::asio::ssl::context> client_;
};

}  // namespace fio_tls
