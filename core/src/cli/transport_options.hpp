// Options of the transport plugins given on fio's command line (--tls-cert=FILE ...):
// listed by --help with fio's own, collected into CommandLine::transport_options, and
// parsed against the chosen transport plugin's option table when it is created (the
// plugin's table is the authority on types and ranges; a unit test keeps both in step).
#pragma once

#include "cli/program_options.hpp"

#include <span>
#include <string>
#include <string_view>

namespace fio::core {

std::span<const ProgramOption> transport_program_options();

// The transport option called `name`, or nullptr.
const ProgramOption* find_transport_program_option(std::string_view name);

// Records `--NAME=VALUE` for the transport.
void apply_transport_option(CommandLine& cl, std::string_view name, std::string_view value);

// The "Transport options" part of `fio --help`.
std::string transport_options_help();

}  // namespace fio::core
