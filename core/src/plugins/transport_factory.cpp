#include "plugins/transport_factory.hpp"

#include <fmt/format.h>

namespace fio::core {

namespace {

// Members die in reverse order: the transport, then (maybe) its library.
struct TransportHolder {
    std::shared_ptr<LoadedPlugin> plugin;
    std::unique_ptr<sdk::Transport> transport;
};

}  // namespace

std::shared_ptr<sdk::Transport> create_transport(PluginRegistry& registry, const std::string& name,
                                                 const sdk::TransportSetup& setup) {
    auto holder = std::make_shared<TransportHolder>();
    holder->plugin = registry.find(sdk::PluginKind::transport, name);
    char reason[256] = {};
    holder->transport.reset(holder->plugin->descriptor().create_transport(setup, reason, sizeof reason));
    if (!holder->transport) {
        throw PluginError(fmt::format("transport '{}' could not start: {}", name,
                                      reason[0] ? reason : "no reason given"));
    }
    sdk::Transport* transport = holder->transport.get();
    return std::shared_ptr<sdk::Transport>(std::move(holder), transport);
}

}  // namespace fio::core
