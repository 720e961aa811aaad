#include "cli/remote_security.hpp"

#include "remote/listen_policy.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <stdexcept>

namespace fio::core {

std::shared_ptr<const Authenticator> authenticator_for(const CommandLine& cl, const PluginRegistry& registry) {
    try {
        return make_authenticator(cl.auth_token_file, registry.search_dirs());
    } catch (const std::runtime_error& e) {  // AuthTokenError, CryptoError
        throw CommandLineError(e.what());
    }
}

void secure_server(const CommandLine& cl, const PluginRegistry& registry, ServerOptions& options) {
    options.auth = authenticator_for(cl, registry);
    ListenPlan plan;
    try {
        plan = plan_listening(options.endpoint, options.auth != nullptr, cl.allow_insecure);
    } catch (const std::invalid_argument& e) {
        throw CommandLineError(fmt::format("--server: {}", e.what()));
    }
    options.endpoint = plan.endpoint;
    if (!plan.notice.empty()) {
        std::fprintf(stderr, "fio: server: %s\n", plan.notice.c_str());
        std::fflush(stderr);
    }
}

}  // namespace fio::core
