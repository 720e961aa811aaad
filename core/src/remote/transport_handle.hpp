// A transport made from its plugin: the plugin stays loaded as long as the transport
// and everything it created lives.
#pragma once

#include "plugins/plugin_registry.hpp"

#include <fio/sdk/transport.hpp>

#include <memory>
#include <string>

namespace fio::core {

struct TransportHandle {
    std::shared_ptr<LoadedPlugin> plugin;  // declared first: destroyed last
    std::unique_ptr<sdk::Transport> transport;
};

// Finds the transport plugin `name` and creates its transport. Throws PluginError
// naming the transport and why it is unusable.
TransportHandle open_transport(PluginRegistry& registry, const std::string& name);

}  // namespace fio::core
