// Why a TLS call failed, in words a user can act on: the certificate check that failed
// and why, the peer that wants a certificate from us, a peer that does not speak TLS.
#pragma once

#include <openssl/ssl.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace fio_tls {

// The first bytes the peer sent, seen under the TLS layer: a fio frame there means the
// peer speaks fio's plain protocol.
struct FirstBytes {
    std::uint8_t bytes[2] = {0, 0};
    std::size_t count = 0;
};

// Starts recording the first bytes `ssl` reads from its socket into `first`.
void record_first_bytes(SSL* ssl, FirstBytes* first);

// True when `bytes` start a fio frame (ours or stock fio's), not a TLS record.
bool starts_plain_fio_frame(const std::uint8_t* bytes, std::size_t count);

struct FailureContext {
    bool server = false;
    std::string expected_name;  // client: the name the server's certificate must carry
};

// One line for the failed call: `ssl_error` is SSL_get_error()'s answer and `saved_errno`
// errno right after the call; OpenSSL's error queue is read (and emptied).
std::string describe_failure(SSL* ssl, int ssl_error, int saved_errno, const FirstBytes& first,
                             const FailureContext& context);

}  // namespace fio_tls
