// --cmdhelp and --enghelp: option descriptions rendered from the option registry and
// from engine plugins' option tables.
#pragma once

#include "plugins/plugin_registry.hpp"

#include <fio/sdk/options.hpp>

#include <string>
#include <string_view>

namespace fio::core {

// Every detail of one option, a few lines.
std::string describe_option(const sdk::OptionSpec& spec, std::string_view status);

// --cmdhelp[=OPTION|all]. Throws CommandLineError for an unknown option name.
std::string render_cmdhelp(std::string_view which);

// --enghelp[=ENGINE[,OPTION]]. Throws CommandLineError / PluginError.
std::string render_enghelp(PluginRegistry& registry, std::string_view which);

}  // namespace fio::core
