// TLS on a connected, non-blocking socket: the channel under a StreamConnection, so
// framing, timeouts and the two-direction locking are the ones every stream transport
// shares. OpenSSL runs on the descriptor itself (a socket BIO); poll() bounds each wait.
// OpenSSL allows one call on an SSL object at a time, so a lock covers each (short,
// non-blocking) call and never a wait: one thread may send while another receives.
#pragma once

#include "tls_failures.hpp"

#include <fio/sdk/stream_connection.hpp>

#include <openssl/ssl.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace fio_tls {

struct ChannelRole {
    bool server = false;
    std::string expected_name;  // client: the name the certificate must carry (SNI too)
    std::int64_t handshake_timeout_ms = 10'000;
};

class TlsChannel {
public:
    // Takes `fd` (closed with the channel). Throws std::runtime_error when OpenSSL cannot
    // make the session.
    TlsChannel(int fd, SSL_CTX* context, ChannelRole role);
    TlsChannel(TlsChannel&&) noexcept = default;
    TlsChannel& operator=(TlsChannel&&) = delete;

    int fd() const noexcept { return state_->fd; }

    // Drives the handshake until done (true), failed (false + error) or `deadline`
    // passed (false, error empty: call again). The handshake has its own limit from the
    // channel's creation: a peer that stalls in it fails with "timed out".
    bool handshake(const fio::sdk::stream_detail::Deadline& deadline, std::string& error);

    fio::sdk::ChannelIo read_some(std::uint8_t* data, std::size_t size);
    fio::sdk::ChannelIo write_some(const std::uint8_t* data, std::size_t size);
    void shutdown();

private:
    struct State {
        ~State();
        int fd = -1;
        SSL* ssl = nullptr;
        std::mutex mutex;  // one OpenSSL call at a time
        ChannelRole role;
        fio::sdk::stream_detail::Deadline handshake_end{0};
        bool first_words_checked = false;
        FirstBytes first;
    };
    // What a failed SSL_read/SSL_write call (`result`) means; under the lock.
    fio::sdk::ChannelIo after_failure(int result, int saved_errno);
    std::string failure(int ssl_error, int saved_errno);
    std::string timed_out() const;
    bool screen_plain_client(const fio::sdk::stream_detail::Deadline& deadline, std::string& error);

    std::unique_ptr<State> state_;
};

}  // namespace fio_tls
