// --metrics-listen in a client run: what the client knows of each server while the run
// goes. A server's status updates give its live rates (per host); the per-job counters
// and latency histograms of a host come with its results, once it has ended.
#pragma once

#include "metrics/metrics_snapshot.hpp"
#include "remote/host_run.hpp"

#include <fio/sdk/result.hpp>

#include <memory>
#include <vector>

namespace fio::core {

// `total`: the hosts' status updates summed (the client's progress line); `hosts` in the
// order given. Reads a host's jobs only once it is `finished`.
MetricsSnapshot client_metrics(const std::vector<std::unique_ptr<HostRun>>& hosts,
                               const sdk::StatusUpdate& total, std::uint64_t elapsed_ms);

}  // namespace fio::core
