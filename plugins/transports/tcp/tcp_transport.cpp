// The `tcp` transport: fio's default between a client and its servers. Its endpoints
// are those of fio/sdk/tcp_endpoints.hpp ("8765", "HOST:8765", "[::1]:8765", "HOST").
#include <fio/sdk/plugin.hpp>
#include <fio/sdk/stream_connection.hpp>
#include <fio/sdk/tcp_endpoints.hpp>
#include <fio/sdk/transport.hpp>

#include <exception>
#include <memory>
#include <string>

namespace {

using namespace fio::sdk;

class TcpTransport final : public Transport {
public:
    std::unique_ptr<Listener> listen(const std::string& endpoint, std::string& error) override {
        return listen_tcp(endpoint, "tcp", error);
    }

    std::unique_ptr<Connection> connect(const std::string& endpoint, std::int64_t timeout_ms,
                                        std::string& error) override {
        stream_detail::Deadline deadline(timeout_ms);
        TcpTarget target;
        const int fd = connect_tcp_socket(endpoint, "tcp", timeout_ms, deadline, target, error);
        if (fd < 0) return nullptr;
        return std::make_unique<StreamConnection>(fd, target.peer);
    }
};

Transport* make_transport(const TransportSetup&, char* error, std::size_t error_size) noexcept {
    try {
        return new TcpTransport();
    } catch (const std::exception& e) {
        write_error(error, error_size, e.what());
        return nullptr;
    }
}

}  // namespace

FIO_DECLARE_TRANSPORT_PLUGIN("tcp", "1.0.0", "framed messages over TCP, IPv4 and IPv6 (the default)",
                             FIO_NO_OPTIONS, make_transport);
