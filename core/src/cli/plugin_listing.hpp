// `fio --list-plugins`: a table of every plugin file found and why any was refused.
#pragma once

#include "plugins/plugin_registry.hpp"

#include <string>

namespace fio::core {

std::string render_plugin_listing(PluginRegistry& registry);

}  // namespace fio::core
