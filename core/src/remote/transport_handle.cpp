#include "remote/transport_handle.hpp"

#include <fmt/format.h>

namespace fio::core {

TransportHandle open_transport(PluginRegistry& registry, const std::string& name) {
    TransportHandle handle;
    try {
        handle.plugin = registry.find(sdk::PluginKind::transport, name);
    } catch (const PluginError& e) {
        throw PluginError(fmt::format("transport '{}': {}", name, e.what()));
    }
    sdk::TransportSetup setup;
    char reason[256] = {};
    handle.transport.reset(handle.plugin->descriptor().create_transport(setup, reason, sizeof reason));
    if (!handle.transport) {
        throw PluginError(fmt::format("transport '{}' could not start: {}", name,
                                      reason[0] ? reason : "no reason given"));
    }
    return handle;
}

}  // namespace fio::core
