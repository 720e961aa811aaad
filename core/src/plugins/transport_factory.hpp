// A transport made from its plugin: what the server and the client call to reach the
// network. The core names transports ("tcp", "unix") and never links them.
#pragma once

#include "plugins/plugin_registry.hpp"

#include <fio/sdk/transport.hpp>

#include <memory>
#include <string>

namespace fio::core {

// The transport plugin `name` (or a plugin file path), created with `setup`. The result
// keeps its plugin loaded; listeners and connections it makes must die before it does.
// Throws PluginError naming the plugin and the reason.
std::shared_ptr<sdk::Transport> create_transport(PluginRegistry& registry, const std::string& name,
                                                 const sdk::TransportSetup& setup = {});

}  // namespace fio::core
