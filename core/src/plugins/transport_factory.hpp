// A transport made from its plugin: what the server and the client call to reach the
// network. The core names transports ("tcp", "unix", "tls") and never links them.
#pragma once

#include "jobs/job_spec.hpp"
#include "plugins/plugin_registry.hpp"

#include <fio/sdk/transport.hpp>

#include <memory>
#include <string>
#include <vector>

namespace fio::core {

// The transport plugin `name` (or a plugin file path), created with `setup`. The result
// keeps its plugin loaded; listeners and connections it makes must die before it does.
// Throws PluginError naming the plugin and the reason.
std::shared_ptr<sdk::Transport> create_transport(PluginRegistry& registry, const std::string& name,
                                                 const sdk::TransportSetup& setup = {});

// The same, with the transport options given on the command line (--tls-cert=FILE ...)
// parsed against the plugin's option table. Options the plugin does not declare are
// added to `unclaimed` for the caller to judge (a client may mix transports). Throws
// PluginError, also for a value that does not parse.
std::shared_ptr<sdk::Transport> create_transport(PluginRegistry& registry, const std::string& name,
                                                 const std::vector<LocatedOption>& given,
                                                 std::vector<LocatedOption>& unclaimed);

// "--tls-ca: no transport in use takes it (tcp)": for the first of `unclaimed` that is
// in none of the lists `claimed_by` of the transports in use. Empty when every option
// found a taker.
std::string unclaimed_transport_option(const std::vector<LocatedOption>& given,
                                       const std::vector<std::vector<LocatedOption>>& unclaimed_by_each,
                                       const std::vector<std::string>& transport_names);

}  // namespace fio::core
