// fio --server: accepts clients on one endpoint and runs what they submit, one run at
// a time, each in its own process.
#pragma once

#include "auth/authenticator.hpp"
#include "jobs/job_spec.hpp"
#include "plugins/plugin_registry.hpp"
#include "remote/endpoint.hpp"
#include "remote/server_policy.hpp"

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace fio::core {

struct ServerOptions {
    Endpoint endpoint;
    std::vector<std::filesystem::path> plugin_dirs;  // handed on to the run processes
    bool daemonize = false;
    std::string pidfile;
    ServerPolicy policy;  // what remote jobs may do
    std::shared_ptr<const Authenticator> auth;  // --auth-token-file; null: none
    std::vector<LocatedOption> transport_options;  // --tls-cert=FILE ...: for the transport plugin
};

// Serves until `stop` is set (SIGINT/SIGTERM). Returns the exit code; throws nothing.
int run_server(const ServerOptions& options, PluginRegistry& registry, const std::atomic<bool>& stop);

}  // namespace fio::core
