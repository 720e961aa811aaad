// The `unix` transport: framed messages over a Unix stream socket, for a client and a
// server on one host. The endpoint is the socket's path. Listening replaces a stale
// socket file (one no server answers on) but never another kind of file or a live
// server's socket; the listener removes its file when it stops.
#include <fio/sdk/plugin.hpp>
#include <fio/sdk/stream_connection.hpp>
#include <fio/sdk/transport.hpp>

#include <boost/asio/local/stream_protocol.hpp>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

namespace {

using fio::sdk::Connection;
using fio::sdk::Listener;
using fio::sdk::Transport;
using fio::sdk::TransportSetup;
using Local = boost::asio::local::stream_protocol;

constexpr std::size_t kMaxPathLength = sizeof(sockaddr_un::sun_path) - 1;

bool check_path(const std::string& path, std::string& error) {
    if (path.empty()) {
        error = "no socket path given (unix:/path/to/socket)";
        return false;
    }
    if (path.size() > kMaxPathLength) {
        error = "socket path " + path + " is too long (" + std::to_string(path.size()) +
                " bytes; at most " + std::to_string(kMaxPathLength) + ")";
        return false;
    }
    return true;
}

// Clears the way for a new socket at `path`: true when nothing is there or only a
// socket nobody listens on (removed); false + error otherwise.
bool remove_stale_socket(const std::string& path, std::string& error) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return true;  // nothing there
    if (!S_ISSOCK(st.st_mode)) {
        error = "cannot listen on unix:" + path + ": the file exists and is not a socket";
        return false;
    }
    std::string ignored;
    if (fio::sdk::connect_stream(std::vector<Local::endpoint>{Local::endpoint(path)}, path, 200, ignored)) {
        error = "cannot listen on unix:" + path + ": a server is already listening there";
        return false;
    }
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        error = "cannot remove the stale socket " + path + ": " + std::strerror(errno);
        return false;
    }
    return true;
}

class UnixTransport final : public Transport {
public:
    std::unique_ptr<Listener> listen(const std::string& path, std::string& error) override {
        try {
            if (!check_path(path, error) || !remove_stale_socket(path, error)) return nullptr;
            return fio::sdk::StreamListener<Local>::open(Local::endpoint(path), "unix:", path, error);
        } catch (const std::exception& e) {
            error = "cannot listen on unix:" + path + ": " + e.what();
            return nullptr;
        }
    }

    std::unique_ptr<Connection> connect(const std::string& path, std::int64_t timeout_ms,
                                        std::string& error) override {
        try {
            if (!check_path(path, error)) return nullptr;
            return fio::sdk::connect_stream(std::vector<Local::endpoint>{Local::endpoint(path)}, path,
                                            timeout_ms, error);
        } catch (const std::exception& e) {
            error = "cannot connect to unix:" + path + ": " + e.what();
            return nullptr;
        }
    }
};

Transport* make_transport(const TransportSetup&, char* error, std::size_t error_size) noexcept {
    try {
        return new UnixTransport();
    } catch (const std::exception& e) {
        fio::sdk::write_error(error, error_size, e.what());
        return nullptr;
    }
}

}  // namespace

FIO_DECLARE_TRANSPORT_PLUGIN("unix", "1.0.0", "framed messages over a Unix stream socket",
                             FIO_NO_OPTIONS, make_transport);
