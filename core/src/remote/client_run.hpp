// fio --client=HOST ...: runs the jobs on every server at once and reports each host's
// results, then "All clients", through the local outputs as if the run were local.
#pragma once

#include "auth/authenticator.hpp"
#include "jobs/job_spec.hpp"
#include "metrics/metrics_board.hpp"
#include "outputs/output_set.hpp"
#include "plugins/plugin_registry.hpp"
#include "remote/endpoint.hpp"
#include "run/runner.hpp"

#include <atomic>
#include <string>
#include <vector>

namespace fio::core {

struct ClientTarget {
    Endpoint endpoint;
    std::vector<std::string> job_files;  // job files for this host only (--client=A a.fio)
};

struct ClientRequest {
    std::vector<ClientTarget> targets;
    std::vector<std::string> job_files;       // for every host without its own
    std::vector<std::string> job_arguments;   // command-line job options, "--name=x" ...
    std::string remote_config;                // a job file on the servers
    std::vector<LocatedOption> transport_options;  // --tls-ca=FILE ...: for the transport plugins
    PluginRegistry* registry = nullptr;
    OutputSet* outputs = nullptr;
    ProgressObserver* progress = nullptr;     // may be null
    const std::atomic<bool>* stop = nullptr;
    std::shared_ptr<const Authenticator> auth;  // --auth-token-file; null: none
    MetricsBoard* metrics = nullptr;            // --metrics-listen: each status tick publishes here
};

// Returns 0 when every host ran its jobs without error, 1 otherwise; each failed host
// is named on stderr with the reason. Throws std::runtime_error for local problems found
// before connecting (an unreadable job file, an unknown transport).
int run_client(const ClientRequest& request);

}  // namespace fio::core
