// A client that connects to a tls server without TLS (fio --client=HOST instead of
// --client=tls:HOST) writes a fio frame where a TLS ClientHello belongs. The server sees
// it before the handshake starts and answers in that client's own framing, so the client
// reports why instead of a garbled TLS record.
#pragma once

#include <fio/sdk/stream_connection.hpp>

#include <string>

namespace fio_tls {

enum class FirstWords { tls, plain_fio, closed, not_yet };

// Waits (by `deadline`) for the client's first bytes and looks at them without taking
// them. `error` is set when waiting failed.
FirstWords peek_first_words(int fd, const fio::sdk::stream_detail::Deadline& deadline, std::string& error);

// Answers a plain fio client with an ErrorReply carrying `reason`, then lets it read it.
void refuse_plain_client(int fd, const std::string& reason);

// After a refusal (our reply or TLS alert is sent): closes our sending side and takes in
// what the client still sends until it closes, for at most about a second. Closing with
// its bytes unread would reset the connection and could destroy the refusal in flight.
void let_client_read_refusal(int fd);

}  // namespace fio_tls
