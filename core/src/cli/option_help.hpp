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

// The table of docs/options.md: every option stock fio knows, whether we support it,
// accept it with a warning, or refuse it, and the options of every engine found.
std::string render_options_markdown(PluginRegistry& registry);

// --enghelp[=ENGINE[,OPTION]]. Throws CommandLineError / PluginError.
std::string render_enghelp(PluginRegistry& registry, std::string_view which);

}  // namespace fio::core
