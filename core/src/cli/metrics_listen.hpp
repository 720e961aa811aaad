// Starts the --metrics-listen server of a local or client run and tells the user where
// it is: one line on stderr with its URL (so `--metrics-listen=:0` can be found), and a
// warning when the address reaches beyond this host.
#pragma once

#include "metrics/metrics_server.hpp"

#include <memory>
#include <string>

namespace fio::core {

// Null when `listen_text` is empty. Throws MetricsListenError.
std::unique_ptr<MetricsServer> start_metrics_server(const std::string& listen_text, const MetricsBoard& board);

}  // namespace fio::core
