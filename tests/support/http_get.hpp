// One HTTP/1.1 GET to a loopback server, for tests of the metrics endpoint: the request
// goes out whole, and the answer is read to the end of the connection (the server closes
// it after one response), then split into status, headers and body.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace fio::test {

struct HttpAnswer {
    int status = 0;
    std::string headers;  // the status line and the header lines, as received
    std::string body;
};

// Empty when the connection failed or the answer was not HTTP. `extra_headers` are
// whole lines ending in "\r\n".
inline std::optional<HttpAnswer> http_get(int port, const std::string& target,
                                          const std::string& extra_headers = "") {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return std::nullopt;
    }
    const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
        ::close(fd);
        return std::nullopt;
    }
    std::string raw;
    char chunk[4096];
    for (ssize_t n; (n = ::recv(fd, chunk, sizeof chunk, 0)) > 0;) raw.append(chunk, static_cast<std::size_t>(n));
    ::close(fd);
    const auto end = raw.find("\r\n\r\n");
    if (!raw.starts_with("HTTP/1.") || end == std::string::npos || raw.size() < 12) return std::nullopt;
    HttpAnswer answer;
    answer.status = std::stoi(raw.substr(9, 3));
    answer.headers = raw.substr(0, end + 2);
    answer.body = raw.substr(end + 4);
    return answer;
}

}  // namespace fio::test
