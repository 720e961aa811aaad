// A `fio --server` started for one test: its own process, its log in a scratch
// directory, its real endpoint read from the "listening on" line, and stopped by PID
// (SIGTERM, then SIGKILL) when the object dies. Every wait is bounded.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include "test_process.hpp"

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace fio::test {

class FioServer {
public:
    // `args` go after the binary, e.g. {"--server=tcp:127.0.0.1:0"}; `env` entries
    // ("NAME=value") are added to the server's environment.
    explicit FioServer(const std::vector<std::string>& args, const std::vector<std::string>& env = {})
        : process_(FIO_BINARY, args, env) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (std::chrono::steady_clock::now() < deadline) {
            const std::string out = process_.out();
            const auto at = out.find("listening on ");
            const auto nl = at == std::string::npos ? std::string::npos : out.find('\n', at);
            if (nl != std::string::npos) {
                endpoint_ = out.substr(at + 13, nl - at - 13);
                return;
            }
            if (!alive()) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        process_.stop();
        throw std::runtime_error("fio --server did not start: " + process_.err());
    }

    pid_t pid() const { return process_.pid(); }
    // "tcp:127.0.0.1:40123" or "unix:/path": what --client= takes.
    const std::string& endpoint() const { return endpoint_; }
    // "127.0.0.1:40123": how a client names this server in its messages.
    std::string label() const { return endpoint_.substr(endpoint_.find(':') + 1); }
    std::string log() const { return process_.err(); }
    bool alive() { return process_.alive(); }
    std::optional<int> wait_exit(std::chrono::milliseconds timeout) { return process_.wait_exit(timeout); }
    int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000)) { return process_.stop(grace); }
    void kill_now() { process_.kill_now(); }

private:
    TestProcess process_;
    std::string endpoint_;
};

// A loopback port nothing listens on right now (bound, read, released), for a server
// that cannot be told to pick one itself (stock fio, stock's endpoint forms).
inline int free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t size = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    ::close(fd);
    return ntohs(address.sin_port);
}

}  // namespace fio::test
