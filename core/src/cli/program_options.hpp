// The options of fio itself (--output, --eta, --status-interval...), as opposed to job
// options: their table (name, stock's short letter, whether a value follows, help) and
// what each does to the CommandLine.
#pragma once

#include "cli/command_line.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace fio::core {

enum class ValueKind { none, required, optional };

struct ProgramOption {
    const char* name;
    char letter;  // stock's short option (getopt's -o FILE), or 0
    ValueKind value;
    const char* help;
};

const ProgramOption* find_program_option(std::string_view name);
const ProgramOption* find_program_option_by_letter(char letter);

// Applies one program option to `cl`. Throws CommandLineError for a bad value.
void apply_program_option(CommandLine& cl, const ProgramOption& option,
                          std::optional<std::string_view> value);

// The "Options of fio itself" part of `fio --help`.
std::string program_options_help();

}  // namespace fio::core
