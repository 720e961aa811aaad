#include "tls_failures.hpp"

#include <fio/sdk/frame.hpp>

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include <cstring>

namespace fio_tls {
namespace {

long note_first_bytes(BIO* bio, int operation, const char* data, std::size_t, int, long, int result,
                      std::size_t* processed) {
    auto* first = reinterpret_cast<FirstBytes*>(BIO_get_callback_arg(bio));
    if (operation == (BIO_CB_READ | BIO_CB_RETURN) && result > 0 && processed != nullptr && first != nullptr) {
        for (std::size_t i = 0; i < *processed && first->count < sizeof first->bytes; ++i) {
            first->bytes[first->count++] = static_cast<std::uint8_t>(data[i]);
        }
    }
    return result;
}

std::string verify_failure(SSL* ssl, const FailureContext& context) {
    const long result = SSL_get_verify_result(ssl);
    std::string text = std::string("certificate verify failed: ") + X509_verify_cert_error_string(result);
    if (result == X509_V_ERR_HOSTNAME_MISMATCH || result == X509_V_ERR_IP_ADDRESS_MISMATCH) {
        text += " (the server's certificate is not for '" + context.expected_name +
                "'; --tls-server-name=NAME names the one it should carry)";
    } else if (result == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
               result == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
               result == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT) {
        text += context.server ? " (the client's certificate is not signed by a CA of --tls-ca)"
                               : " (the server's certificate is not signed by a CA of --tls-ca)";
    }
    return text;
}

// The reasons a user meets, in their words; the rest as OpenSSL says them.
std::string reason_text(unsigned long code, const FailureContext& context) {
    const int reason = ERR_GET_REASON(code);
    if (reason == SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED) {
        return "the server requires a client certificate: give --tls-cert=FILE and --tls-key=FILE";
    }
    if (reason == SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE) {
        return "the client sent no certificate; this server requires one (mutual TLS, --tls-ca)";
    }
    if (reason == SSL_R_TLSV1_ALERT_UNKNOWN_CA || reason == SSL_R_SSLV3_ALERT_BAD_CERTIFICATE) {
        return context.server ? "the client refused this server's certificate (alert: " +
                                    std::string(ERR_reason_error_string(code)) + ")"
                              : "the server refused our certificate (alert: " +
                                    std::string(ERR_reason_error_string(code)) + ")";
    }
    if (reason == SSL_R_UNSUPPORTED_PROTOCOL || reason == SSL_R_TLSV1_ALERT_PROTOCOL_VERSION) {
        return "the peer offers no TLS version this fio accepts (TLS 1.2 at least)";
    }
    const char* text = ERR_reason_error_string(code);
    return text ? text : "error " + std::to_string(code);
}

}  // namespace

void record_first_bytes(SSL* ssl, FirstBytes* first) {
    BIO* bio = SSL_get_rbio(ssl);
    BIO_set_callback_arg(bio, reinterpret_cast<char*>(first));
    BIO_set_callback_ex(bio, note_first_bytes);
}

bool starts_plain_fio_frame(const std::uint8_t* bytes, std::size_t count) {
    if (count < 2) return false;
    const auto version = static_cast<std::uint16_t>(bytes[0] | (bytes[1] << 8));
    return version == fio::sdk::wire::kWireVersion || version == fio::sdk::wire::kStockProtocolVersion;
}

std::string describe_failure(SSL* ssl, int ssl_error, int saved_errno, const FirstBytes& first,
                             const FailureContext& context) {
    const unsigned long code = ERR_peek_last_error();
    ERR_clear_error();
    if (!context.server && starts_plain_fio_frame(first.bytes, first.count)) {
        return "the server speaks fio's plain protocol, not TLS: connect with tcp: instead of tls:";
    }
    if (ssl_error == SSL_ERROR_SSL && ERR_GET_REASON(code) == SSL_R_CERTIFICATE_VERIFY_FAILED) {
        return verify_failure(ssl, context);
    }
    if (ssl_error == SSL_ERROR_SSL && code != 0) {
        const bool handshaking = !SSL_is_init_finished(ssl);
        return (handshaking ? "TLS handshake failed: " : "TLS error: ") + reason_text(code, context);
    }
    if (ssl_error == SSL_ERROR_SYSCALL && saved_errno != 0) {
        if (saved_errno == ECONNRESET || saved_errno == EPIPE) return "connection closed by peer (reset)";
        return std::string("TLS connection failed: ") + std::strerror(saved_errno);
    }
    return "connection closed by peer during the TLS handshake";
}

}  // namespace fio_tls
