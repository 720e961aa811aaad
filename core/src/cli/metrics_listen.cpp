#include "cli/metrics_listen.hpp"

#include <cstdio>

namespace fio::core {

std::unique_ptr<MetricsServer> start_metrics_server(const std::string& listen_text, const MetricsBoard& board) {
    if (listen_text.empty()) return nullptr;
    auto server = std::make_unique<MetricsServer>(board, listen_text);
    if (server->beyond_loopback()) {
        std::fprintf(stderr,
                     "fio: warning: --metrics-listen=%s: the metrics are open to anyone who reaches %s "
                     "(job names, host names, rates)\n",
                     listen_text.c_str(), server->address().c_str());
    }
    std::fprintf(stderr, "fio: metrics at %s\n", server->url().c_str());
    return server;
}

}  // namespace fio::core
