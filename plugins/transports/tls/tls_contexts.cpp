#include "tls_contexts.hpp"

#include <boost/asio/ssl/error.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace fio_tls {
namespace {

namespace ssl = boost::asio::ssl;

std::string named(const char* option, const std::string& path) {
    return std::string("--") + option + "=" + path;
}

// The file must be a regular file this process can read; OpenSSL's own messages for a
// missing file ("system lib") say less than errno does.
void check_readable(const char* option, const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        throw std::runtime_error(named(option, path) + ": cannot read: " + std::strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) throw std::runtime_error(named(option, path) + ": not a regular file");
    std::FILE* file = std::fopen(path.c_str(), "r");
    if (file == nullptr) {
        throw std::runtime_error(named(option, path) + ": cannot read: " + std::strerror(errno));
    }
    std::fclose(file);
}

void check(const boost::system::error_code& ec, const char* option, const std::string& path,
           const char* what) {
    if (ec) throw std::runtime_error(named(option, path) + ": " + what + " (" + ec.message() + ")");
}

// TLS 1.2 at least; OpenSSL's default ciphers; no renegotiation (a peer cannot restart
// the handshake in the middle of a run); an end without close_notify is a plain close,
// which the framing checks anyway (a message cut short is an error there).
ssl::context make_context(ssl::context::method method) {
    ssl::context context(method);
    SSL_CTX* native = context.native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_mode(native, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    return context;
}

// Our certificate and its key, which must belong together.
void use_identity(ssl::context& context, const TlsSettings& settings) {
    boost::system::error_code ec;
    context.use_certificate_chain_file(settings.cert, ec);
    check(ec, "tls-cert", settings.cert, "no PEM certificate in it");
    context.use_private_key_file(settings.key, ssl::context::pem, ec);
    // OpenSSL checks the pair as it loads the key (X509_R_KEY_VALUES_MISMATCH).
    const bool mismatch = ec && ec.category() == boost::asio::error::get_ssl_category() &&
                          ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == X509_R_KEY_VALUES_MISMATCH;
    if (!mismatch) check(ec, "tls-key", settings.key, "no PEM private key in it");
    if (mismatch || SSL_CTX_check_private_key(context.native_handle()) != 1) {
        throw std::runtime_error(named("tls-key", settings.key) + ": not the key of the certificate in " +
                                 named("tls-cert", settings.cert));
    }
}

void trust(ssl::context& context, const TlsSettings& settings) {
    boost::system::error_code ec;
    context.load_verify_file(settings.ca, ec);
    check(ec, "tls-ca", settings.ca, "no PEM certificate in it");
}

}  // namespace

TlsContexts::TlsContexts(TlsSettings settings) : settings_(std::move(settings)) {
    if (settings_.cert.empty() != settings_.key.empty()) {
        throw std::runtime_error(settings_.cert.empty() ? "--tls-key needs --tls-cert (the certificate of that key)"
                                                        : "--tls-cert needs --tls-key (the certificate's private key)");
    }
    if (!settings_.cert.empty()) {
        check_readable("tls-cert", settings_.cert);
        check_readable("tls-key", settings_.key);
    }
    if (!settings_.ca.empty()) check_readable("tls-ca", settings_.ca);

    client_.emplace(make_context(ssl::context::tls_client));
    if (settings_.ca.empty()) {
        client_->set_default_verify_paths();
    } else {
        trust(*client_, settings_);
    }
    client_->set_verify_mode(ssl::verify_peer);
    if (!settings_.cert.empty()) use_identity(*client_, settings_);

    if (settings_.cert.empty()) return;
    server_.emplace(make_context(ssl::context::tls_server));
    use_identity(*server_, settings_);
    if (!settings_.ca.empty()) {
        // Mutual TLS: a client without a certificate signed by these CAs is refused.
        trust(*server_, settings_);
        server_->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
        SSL_CTX_set_client_CA_list(server_->native_handle(), SSL_load_client_CA_file(settings_.ca.c_str()));
    }
}

SSL_CTX* TlsContexts::server(std::string& error) {
    if (!server_) {
        error = "a tls server needs its certificate and key: give --tls-cert=FILE and --tls-key=FILE";
        return nullptr;
    }
    return server_->native_handle();
}

}  // namespace fio_tls
