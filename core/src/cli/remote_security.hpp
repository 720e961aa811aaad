// The authentication part of the client/server command line: the token
// (--auth-token-file / FIO_AUTH_TOKEN_FILE) and, for a server, where it may listen
// (--allow-insecure). docs/security.md, "Authentication".
#pragma once

#include "auth/authenticator.hpp"
#include "cli/command_line.hpp"
#include "plugins/plugin_registry.hpp"
#include "remote/server.hpp"

#include <memory>

namespace fio::core {

// The token this client or server proves, null when none is configured. The crypto
// module is loaded only then. Throws CommandLineError.
std::shared_ptr<const Authenticator> authenticator_for(const CommandLine& cl, const PluginRegistry& registry);

// Sets the server's token and applies the safe default to its endpoint, printing the
// one line that says what the server exposes. Throws CommandLineError.
void secure_server(const CommandLine& cl, const PluginRegistry& registry, ServerOptions& options);

}  // namespace fio::core
