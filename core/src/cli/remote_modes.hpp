// fio --server and fio --client from the command line.
#pragma once

#include "cli/command_line.hpp"
#include "plugins/plugin_registry.hpp"
#include "run/runner.hpp"

#include <atomic>

namespace fio::core {

int run_server_mode(const CommandLine& cl, PluginRegistry& registry, const std::atomic<bool>& stop);

int run_client_mode(const CommandLine& cl, PluginRegistry& registry, ProgressObserver* progress,
                    const std::atomic<bool>& stop);

}  // namespace fio::core
