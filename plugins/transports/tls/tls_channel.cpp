#include "tls_channel.hpp"

#include "plain_peer.hpp"

#include <boost/asio/ip/address.hpp>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <stdexcept>

namespace fio_tls {
namespace {

using fio::sdk::ChannelIo;
using fio::sdk::stream_detail::Deadline;
using fio::sdk::stream_detail::wait_ready;

int clamp_size(std::size_t size) { return size > INT_MAX ? INT_MAX : static_cast<int>(size); }

// The client checks the server's certificate against the name it connected to: a DNS
// name (also sent as SNI) or an IP address (against the certificate's IP SANs).
void expect_name(SSL* ssl, std::string name) {
    if (name.size() > 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
    boost::system::error_code ec;
    boost::asio::ip::make_address(name, ec);
    if (!ec) {
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name.c_str());
        return;
    }
    SSL_set_tlsext_host_name(ssl, name.c_str());
    SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    SSL_set1_host(ssl, name.c_str());
}

}  // namespace

TlsChannel::TlsChannel(int fd, SSL_CTX* context, ChannelRole role) : state_(std::make_unique<State>()) {
    State& s = *state_;
    s.fd = fd;
    s.role = std::move(role);
    s.handshake_end = Deadline(s.role.handshake_timeout_ms);
    s.ssl = SSL_new(context);
    if (s.ssl == nullptr || SSL_set_fd(s.ssl, fd) != 1) {
        const char* reason = ERR_reason_error_string(ERR_get_error());
        throw std::runtime_error(std::string("cannot start a TLS session: ") + (reason ? reason : "out of memory"));
    }
    if (s.role.server) {
        SSL_set_accept_state(s.ssl);
    } else {
        SSL_set_connect_state(s.ssl);
        expect_name(s.ssl, s.role.expected_name);
        record_first_bytes(s.ssl, &s.first);
    }
}

TlsChannel::State::~State() {
    if (ssl != nullptr) SSL_free(ssl);
    if (fd >= 0) ::close(fd);
}

std::string TlsChannel::failure(int ssl_error, int saved_errno) {
    FailureContext context;
    context.server = state_->role.server;
    context.expected_name = state_->role.expected_name;
    return describe_failure(state_->ssl, ssl_error, saved_errno, state_->first, context);
}

std::string TlsChannel::timed_out() const {
    return "TLS handshake timed out after " + std::to_string(state_->role.handshake_timeout_ms) +
           " ms (the peer stalled)";
}

// A server looks at the client's first bytes before OpenSSL does: a plain fio client
// is told, in its own framing, to use tls:.
bool TlsChannel::screen_plain_client(const Deadline& deadline, std::string& error) {
    State& s = *state_;
    const Deadline& first_end = s.handshake_end.remaining_ms() < deadline.remaining_ms() ? s.handshake_end : deadline;
    switch (peek_first_words(s.fd, first_end, error)) {
        case FirstWords::tls:
            s.first_words_checked = true;
            return true;
        case FirstWords::plain_fio:
            refuse_plain_client(s.fd, "this server speaks TLS: connect with --client=tls:HOST[:PORT]");
            error = "plain (unencrypted) fio client: this server speaks TLS only";
            return false;
        case FirstWords::closed:
            if (error.empty()) error = "connection closed by peer before the TLS handshake";
            return false;
        case FirstWords::not_yet:
            if (s.handshake_end.passed()) error = timed_out();
            return false;
    }
    return false;
}

bool TlsChannel::handshake(const Deadline& deadline, std::string& error) {
    State& s = *state_;
    if (s.role.server && !s.first_words_checked && !screen_plain_client(deadline, error)) return false;
    for (;;) {
        int ssl_error = SSL_ERROR_NONE;
        {
            std::lock_guard lock(s.mutex);
            ERR_clear_error();
            errno = 0;
            const int result = SSL_do_handshake(s.ssl);
            if (result == 1) return true;
            const int saved_errno = errno;
            ssl_error = SSL_get_error(s.ssl, result);
            if (ssl_error != SSL_ERROR_WANT_READ && ssl_error != SSL_ERROR_WANT_WRITE) {
                error = failure(ssl_error, saved_errno);
                if (s.role.server) let_client_read_refusal(s.fd);  // our alert says why
                return false;
            }
        }
        const short events = ssl_error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
        const Deadline& until = s.handshake_end.remaining_ms() < deadline.remaining_ms() ? s.handshake_end : deadline;
        const int ready = wait_ready(s.fd, events, until);
        if (ready > 0) continue;
        if (ready < 0) {
            error = std::string("poll failed during the TLS handshake: ") + std::strerror(errno);
        } else if (s.handshake_end.passed()) {
            error = timed_out();
        }
        return false;  // error empty: the caller's time is up, the handshake goes on next call
    }
}

ChannelIo TlsChannel::after_failure(int result, int saved_errno) {
    const int ssl_error = SSL_get_error(state_->ssl, result);
    switch (ssl_error) {
        case SSL_ERROR_WANT_READ:
            return {ChannelIo::would_block, 0, POLLIN, {}};
        case SSL_ERROR_WANT_WRITE:
            return {ChannelIo::would_block, 0, POLLOUT, {}};
        case SSL_ERROR_ZERO_RETURN:
            return {ChannelIo::closed, 0, 0, {}};
        case SSL_ERROR_SYSCALL:
            if (ERR_peek_error() == 0 && (saved_errno == 0 || saved_errno == EPIPE)) {
                return {ChannelIo::closed, 0, 0, {}};
            }
            break;
        default:
            break;
    }
    return {ChannelIo::failed, 0, 0, failure(ssl_error, saved_errno)};
}

ChannelIo TlsChannel::read_some(std::uint8_t* data, std::size_t size) {
    std::lock_guard lock(state_->mutex);
    ERR_clear_error();
    errno = 0;
    const int n = SSL_read(state_->ssl, data, clamp_size(size));
    if (n > 0) return {ChannelIo::done, static_cast<std::size_t>(n), 0, {}};
    return after_failure(n, errno);
}

ChannelIo TlsChannel::write_some(const std::uint8_t* data, std::size_t size) {
    std::lock_guard lock(state_->mutex);
    ERR_clear_error();
    errno = 0;
    const int n = SSL_write(state_->ssl, data, clamp_size(size));
    if (n > 0) return {ChannelIo::done, static_cast<std::size_t>(n), 0, {}};
    return after_failure(n, errno);
}

// A close_notify when the session is up (one non-blocking try), then both directions end.
void TlsChannel::shutdown() {
    {
        std::lock_guard lock(state_->mutex);
        if (SSL_is_init_finished(state_->ssl)) {
            ERR_clear_error();
            SSL_shutdown(state_->ssl);
            ERR_clear_error();
        }
    }
    ::shutdown(state_->fd, SHUT_RDWR);
}

}  // namespace fio_tls
