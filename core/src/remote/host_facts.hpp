// What a server tells a client about its host when probed.
#pragma once

#include "plugins/plugin_registry.hpp"

#include <fio/sdk/wire_messages.hpp>

namespace fio::core {

// Hostname, fio version, OS, architecture, CPU count, and the usable plugins as
// "kind:name", sorted and without duplicates.
sdk::wire::ProbeReply probe_this_host(PluginRegistry& registry);

}  // namespace fio::core
