#include "cli/transport_options.hpp"

#include <fmt/format.h>

namespace fio::core {
namespace {

constexpr ProgramOption kTransportOptions[] = {
    {"tls-cert", 0, ValueKind::required,
     "tls transport: PEM certificate chain this end shows (a server's is required; a client's for mutual TLS)"},
    {"tls-key", 0, ValueKind::required, "tls transport: PEM private key of --tls-cert"},
    {"tls-ca", 0, ValueKind::required,
     "tls transport: PEM CA certificates to trust (client: default the system's; a server given it "
     "requires client certificates they signed)"},
    {"tls-server-name", 0, ValueKind::required,
     "tls client: the name the server's certificate must carry, instead of the host connected to"},
    {"tls-handshake-timeout", 0, ValueKind::required,
     "tls transport: longest a TLS handshake may take (default 10s); a peer that stalls is dropped"},
};

}  // namespace

std::span<const ProgramOption> transport_program_options() { return kTransportOptions; }

const ProgramOption* find_transport_program_option(std::string_view name) {
    for (const auto& option : kTransportOptions) {
        if (name == option.name) return &option;
    }
    return nullptr;
}

void apply_transport_option(CommandLine& cl, std::string_view name, std::string_view value) {
    if (value.empty()) throw CommandLineError(fmt::format("--{}: a value is required", name));
    cl.transport_options.push_back({std::string(name), std::string(value), {}});
}

std::string transport_options_help() {
    std::string text;
    for (const auto& option : kTransportOptions) {
        text += fmt::format("      {:<24} {}\n", fmt::format("--{}=VALUE", option.name), option.help);
    }
    return text;
}

}  // namespace fio::core
