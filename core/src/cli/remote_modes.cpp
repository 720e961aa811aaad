#include "cli/remote_modes.hpp"

#include "cli/metrics_listen.hpp"
#include "cli/remote_security.hpp"
#include "outputs/output_set.hpp"
#include "remote/client_run.hpp"
#include "remote/endpoint.hpp"
#include "remote/server.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace fio::core {

int run_server_mode(const CommandLine& cl, PluginRegistry& registry, const std::atomic<bool>& stop) {
    if (!cl.clients.empty()) throw CommandLineError("--server and --client cannot be used together");
    if (!cl.job_files.empty() || cl.sections.size() > 1) {
        throw CommandLineError("--server takes no jobs: clients submit them");
    }
    if (!cl.transport.empty() && cl.server && !cl.server->empty()) {
        throw CommandLineError(fmt::format("--server={} and --transport {}: give the endpoint once",
                                           *cl.server, cl.transport));
    }
    ServerOptions options;
    const std::string spec = cl.transport.empty() ? cl.server.value_or("") : cl.transport;
    try {
        options.endpoint = parse_server_endpoint(spec);
    } catch (const std::invalid_argument& e) {
        throw CommandLineError(fmt::format("--server: {}", e.what()));
    }
    options.plugin_dirs = cl.plugin_dirs;
    options.daemonize = cl.daemonize;
    options.pidfile = cl.pidfile;
    options.policy = make_server_policy(cl.server_policy);
    secure_server(cl, registry, options);
    options.transport_options = cl.transport_options;
    return run_server(options, registry, stop);
}

int run_client_mode(const CommandLine& cl, PluginRegistry& registry, ProgressObserver* progress,
                    const std::atomic<bool>& stop) {
    ClientRequest request;
    request.job_files = cl.job_files;
    // `--client=A --client=B job.fio`: files after the last --client, when no other
    // --client has its own, are for every host (as stock reads it).
    std::vector<ClientArgument> clients = cl.clients;
    const bool only_last_has_files =
        std::all_of(clients.begin(), clients.end() - 1, [](const auto& c) { return c.job_files.empty(); });
    if (only_last_has_files) {
        request.job_files.insert(request.job_files.end(), clients.back().job_files.begin(),
                                 clients.back().job_files.end());
        clients.back().job_files.clear();
    }
    for (const auto& client : clients) {
        std::vector<Endpoint> endpoints;
        try {
            endpoints = parse_client_spec(client.spec);
        } catch (const std::invalid_argument& e) {
            throw CommandLineError(fmt::format("--client={}: {}", client.spec, e.what()));
        }
        for (auto& endpoint : endpoints) request.targets.push_back({std::move(endpoint), client.job_files});
    }
    request.job_arguments = cl.job_arguments;
    request.remote_config = cl.remote_config;
    request.transport_options = cl.transport_options;
    request.registry = &registry;
    OutputSet outputs(registry, cl.output_formats, cl.output_file, cl.output_options,
                      cl.format_files);
    request.outputs = &outputs;
    request.progress = progress;
    request.stop = &stop;
    request.auth = authenticator_for(cl, registry);
    MetricsBoard metrics;
    const std::unique_ptr<MetricsServer> metrics_server = start_metrics_server(cl.metrics_listen, metrics);
    request.metrics = metrics_server ? &metrics : nullptr;
    return run_client(request);
}

}  // namespace fio::core
