#include "metrics/metrics_server.hpp"

#include "metrics/openmetrics_text.hpp"
#include "remote/listen_policy.hpp"

#include <fio/sdk/host_port.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

#include <chrono>
#include <thread>

namespace fio::core {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// A scraper sends a short GET: anything larger, or slower, is cut off.
constexpr std::uint32_t kHeaderLimit = 8 * 1024;
constexpr auto kClientTimeout = std::chrono::seconds(5);

// One connection: read one request, answer it, close (Connection: close).
class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, const MetricsBoard& board) : stream_(std::move(socket)), board_(board) {
        parser_.header_limit(kHeaderLimit);
        parser_.body_limit(0);  // a GET has no body
    }

    void start() {
        stream_.expires_after(kClientTimeout);
        http::async_read(stream_, buffer_, parser_,
                         [self = shared_from_this()](beast::error_code error, std::size_t) { self->on_read(error); });
    }

private:
    void on_read(beast::error_code error) {
        if (error) {
            // A request too large for the limits gets an answer; a timeout or a reset none.
            if (error == http::error::header_limit || error == http::error::body_limit) {
                answer(http::status::payload_too_large, "text/plain", "request too large\n", 11);
            }
            return;
        }
        const auto& request = parser_.get();
        const std::string_view target(request.target().data(), request.target().size());
        const std::string_view path = target.substr(0, target.find('?'));
        if (request.method() != http::verb::get && request.method() != http::verb::head) {
            answer(http::status::method_not_allowed, "text/plain", "only GET\n", request.version());
        } else if (path != "/metrics") {
            answer(http::status::not_found, "text/plain", "not found: the metrics are at /metrics\n",
                   request.version());
        } else {
            const auto accept = request[http::field::accept];
            const MetricsFormat format = metrics_format_for(std::string_view(accept.data(), accept.size()));
            std::string body = render_metrics(*board_.latest(), format);
            if (request.method() == http::verb::head) body.clear();
            answer(http::status::ok, metrics_content_type(format), std::move(body), request.version());
        }
    }

    void answer(http::status status, std::string_view content_type, std::string body, unsigned version) {
        response_.result(status);
        response_.version(version);
        response_.set(http::field::server, "fio");
        response_.set(http::field::content_type, beast::string_view(content_type.data(), content_type.size()));
        response_.keep_alive(false);
        response_.body() = std::move(body);
        response_.prepare_payload();
        stream_.expires_after(kClientTimeout);
        http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code, std::size_t) {
            beast::error_code ignored;
            self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        });
    }

    beast::tcp_stream stream_;
    const MetricsBoard& board_;
    beast::flat_buffer buffer_{kHeaderLimit};
    http::request_parser<http::empty_body> parser_;
    http::response<http::string_body> response_;
};

[[noreturn]] void refuse(std::string_view text, std::string_view why) {
    throw MetricsListenError(fmt::format("--metrics-listen={}: {}", text, why));
}

}  // namespace

MetricsAddress parse_metrics_address(std::string_view text) {
    MetricsAddress address;
    std::uint16_t port = 0;
    if (sdk::parse_port(text, port)) {  // "9100": a port on loopback
        address.host = "127.0.0.1";
        address.port = port;
        return address;
    }
    sdk::HostPort parts;
    std::string error;
    if (!sdk::split_host_port(text, parts, error)) refuse(text, error);
    if (!parts.has_port) refuse(text, "no port: give ADDR:PORT (PORT 0 picks a free one)");
    address.host = parts.host.empty() ? "127.0.0.1" : parts.host;
    address.port = parts.port;
    return address;
}

struct MetricsServer::Impl {
    asio::io_context io;
    tcp::acceptor acceptor{io};
    std::thread thread;
    std::string address;
    std::uint16_t port = 0;
    bool beyond_loopback = false;

    void accept(const MetricsBoard& board) {
        acceptor.async_accept([this, &board](beast::error_code error, tcp::socket socket) {
            if (error) {
                if (error == asio::error::operation_aborted) return;
            } else {
                std::make_shared<Session>(std::move(socket), board)->start();
            }
            accept(board);
        });
    }
};

MetricsServer::MetricsServer(const MetricsBoard& board, std::string_view listen_text)
    : impl_(std::make_unique<Impl>()) {
    const MetricsAddress wanted = parse_metrics_address(listen_text);
    tcp::endpoint endpoint;
    try {
        tcp::resolver resolver(impl_->io);
        const auto results = resolver.resolve(wanted.host, std::to_string(wanted.port),
                                              tcp::resolver::passive | tcp::resolver::numeric_service);
        if (results.empty()) refuse(listen_text, fmt::format("'{}' names no address", wanted.host));
        endpoint = results.begin()->endpoint();
    } catch (const boost::system::system_error& e) {
        refuse(listen_text, fmt::format("cannot resolve '{}': {}", wanted.host, e.code().message()));
    }
    try {
        impl_->acceptor.open(endpoint.protocol());
        impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
        impl_->acceptor.bind(endpoint);
        impl_->acceptor.listen();
    } catch (const boost::system::system_error& e) {
        refuse(listen_text, fmt::format("cannot listen on port {} of {}: {}", endpoint.port(),
                                         endpoint.address().to_string(), e.code().message()));
    }
    const tcp::endpoint bound = impl_->acceptor.local_endpoint();
    impl_->address = bound.address().to_string();
    impl_->port = bound.port();
    impl_->beyond_loopback = !is_loopback_host(impl_->address);
    impl_->accept(board);
    impl_->thread = std::thread([this] { impl_->io.run(); });
}

MetricsServer::~MetricsServer() {
    // Stopping the context drops every pending read and write: a scraper still
    // connected, or one that sends nothing, cannot hold the run's end.
    impl_->io.stop();
    if (impl_->thread.joinable()) impl_->thread.join();
}

const std::string& MetricsServer::address() const noexcept { return impl_->address; }
std::uint16_t MetricsServer::port() const noexcept { return impl_->port; }
bool MetricsServer::beyond_loopback() const noexcept { return impl_->beyond_loopback; }

std::string MetricsServer::url() const {
    const bool v6 = impl_->address.find(':') != std::string::npos;
    return v6 ? fmt::format("http://[{}]:{}/metrics", impl_->address, impl_->port)
              : fmt::format("http://{}:{}/metrics", impl_->address, impl_->port);
}

}  // namespace fio::core
