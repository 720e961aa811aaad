#include "plugins/transport_factory.hpp"

#include "options/core_options.hpp"
#include "plugins/factory_call.hpp"
#include "options/plugin_option_values.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <span>

namespace fio::core {

namespace {

// Members die in reverse order: the transport, then (maybe) its library.
struct TransportHolder {
    std::shared_ptr<LoadedPlugin> plugin;
    std::unique_ptr<sdk::Transport> transport;
};

std::shared_ptr<sdk::Transport> make(std::shared_ptr<LoadedPlugin> plugin, const std::string& name,
                                     const sdk::TransportSetup& setup) {
    auto holder = std::make_shared<TransportHolder>();
    holder->plugin = std::move(plugin);
    char reason[1024] = {};  // room for the file names a reason quotes
    holder->transport.reset(call_plugin_factory(holder->plugin->descriptor().create_transport, setup,
                                                reason, sizeof reason));
    if (!holder->transport) {
        throw PluginError(fmt::format("transport '{}' could not start: {}", name,
                                      reason[0] ? reason : "no reason given"));
    }
    sdk::Transport* transport = holder->transport.get();
    return std::shared_ptr<sdk::Transport>(std::move(holder), transport);
}

}  // namespace

std::shared_ptr<sdk::Transport> create_transport(PluginRegistry& registry, const std::string& name,
                                                 const sdk::TransportSetup& setup) {
    return make(registry.find(sdk::PluginKind::transport, name), name, setup);
}

std::shared_ptr<sdk::Transport> create_transport(PluginRegistry& registry, const std::string& name,
                                                 const std::vector<LocatedOption>& given,
                                                 std::vector<LocatedOption>& unclaimed) {
    std::shared_ptr<LoadedPlugin> plugin = registry.find(sdk::PluginKind::transport, name);
    const sdk::PluginDescriptor& descriptor = plugin->descriptor();
    const std::span<const sdk::OptionSpec> table(descriptor.options, descriptor.option_count);
    try {
        // The values live through the factory call; a transport copies what it keeps.
        const PluginOptionValues values(table, given, 1024, unclaimed);
        sdk::TransportSetup setup;
        setup.options = &values;
        return make(std::move(plugin), name, setup);
    } catch (const OptionError& e) {
        throw PluginError(fmt::format("transport '{}': {}", name, e.what()));
    }
}

std::string unclaimed_transport_option(const std::vector<LocatedOption>& given,
                                       const std::vector<std::vector<LocatedOption>>& unclaimed_by_each,
                                       const std::vector<std::string>& transport_names) {
    for (const auto& option : given) {
        const bool nobody_took_it =
            std::all_of(unclaimed_by_each.begin(), unclaimed_by_each.end(), [&](const auto& unclaimed) {
                return std::find(unclaimed.begin(), unclaimed.end(), option) != unclaimed.end();
            });
        if (nobody_took_it) {
            std::vector<std::string> names = transport_names;
            std::sort(names.begin(), names.end());
            names.erase(std::unique(names.begin(), names.end()), names.end());
            return fmt::format("--{}: no transport in use takes it ({})", option.name, fmt::join(names, ", "));
        }
    }
    return {};
}

}  // namespace fio::core
