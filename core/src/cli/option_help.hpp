// --cmdhelp, --enghelp, --outhelp and --transporthelp: option descriptions rendered
// from the option registry and from plugins' option tables.
#pragma once

#include "plugins/plugin_registry.hpp"

#include <fio/sdk/options.hpp>

#include <string>
#include <string_view>

namespace fio::core {

// Every detail of one option, a few lines.
std::string describe_option(const sdk::OptionSpec& spec, std::string_view status);

// --cmdhelp[=OPTION|all]: a core option, or an output or transport plugin's. Throws
// CommandLineError for an unknown option name.
std::string render_cmdhelp(PluginRegistry& registry, std::string_view which);

// The table of docs/options.md: every option stock fio knows, whether we support it,
// accept it with a warning, or refuse it, and the options of every engine found.
std::string render_options_markdown(PluginRegistry& registry);

// --enghelp / --outhelp / --transporthelp [=NAME[,OPTION]]: the plugins of that kind,
// or one plugin's options, or one option. Throws CommandLineError / PluginError.
std::string render_plugin_help(PluginRegistry& registry, sdk::PluginKind kind,
                               std::string_view which);

// The part of --help listing the options of the output and transport plugins found.
std::string render_run_wide_options_help(PluginRegistry& registry);

}  // namespace fio::core
