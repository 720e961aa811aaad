#include "cli/command_line.hpp"

#include "options/core_options.hpp"

#include <fmt/format.h>

#include <optional>
#include <string_view>

namespace fio::core {
namespace {

// Options of fio itself, as opposed to job options.
struct ProgramOption {
    const char* name;
    bool takes_value;
    const char* help;
};

constexpr ProgramOption kProgramOptions[] = {
    {"help", false, "Print this help and exit"},
    {"version", false, "Print the version and exit"},
    {"output", true, "Write the report to FILE instead of stdout"},
    {"output-format", true, "normal, json (or any output plugin; comma-separated for several)"},
    {"eta", true, "Live progress line: auto (when stderr is a terminal), always or never"},
    {"list-plugins", false, "List every plugin found, with kind, version, ABI and path"},
    {"plugin-dir", true, "Look for plugins in DIR first (repeatable)"},
};

const ProgramOption* find_program_option(std::string_view name) {
    for (const auto& option : kProgramOptions) {
        if (name == option.name) return &option;
    }
    return nullptr;
}

std::vector<std::string> split_commas(std::string_view text) {
    std::vector<std::string> parts;
    while (true) {
        const auto comma = text.find(',');
        parts.emplace_back(text.substr(0, comma));
        if (comma == std::string_view::npos) return parts;
        text.remove_prefix(comma + 1);
    }
}

void apply_program_option(CommandLine& cl, std::string_view name, std::string_view value) {
    if (name == "help") {
        cl.show_help = true;
    } else if (name == "version") {
        cl.show_version = true;
    } else if (name == "output") {
        cl.output_file = std::string(value);
    } else if (name == "output-format") {
        cl.output_formats.clear();
        for (auto& format : split_commas(value)) {
            if (format.empty()) throw CommandLineError("--output-format: empty format name");
            cl.output_formats.push_back(format == "text" ? "normal" : format);
        }
    } else if (name == "eta") {
        if (value == "auto") cl.eta = EtaMode::automatic;
        else if (value == "always") cl.eta = EtaMode::always;
        else if (value == "never") cl.eta = EtaMode::never;
        else throw CommandLineError(fmt::format("--eta: '{}' is not auto, always or never", value));
    } else if (name == "list-plugins") {
        cl.list_plugins = true;
    } else if (name == "plugin-dir") {
        cl.plugin_dirs.emplace_back(std::string(value));
    }
}

// A job option takes a value unless it is a boolean flag.
bool job_option_takes_value(std::string_view name) {
    const CoreOption* option = find_core_option(name);
    return option == nullptr || option->spec.type != sdk::OptionType::boolean;
}

}  // namespace

CommandLine parse_command_line(int argc, const char* const* argv) {
    CommandLine cl;
    OptionList global_options;
    std::vector<OptionList> job_options;  // one list per --name, starting with it

    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (!arg.starts_with("--") || arg.size() == 2) {
            if (arg.starts_with("-") && arg != "-") {
                throw CommandLineError(fmt::format("unknown argument '{}'", arg));
            }
            cl.job_files.emplace_back(arg);
            continue;
        }
        const std::string_view body = arg.substr(2);
        const auto equals = body.find('=');
        const std::string_view name = body.substr(0, equals);
        std::optional<std::string_view> value;
        if (equals != std::string_view::npos) value = body.substr(equals + 1);

        const ProgramOption* program_option = find_program_option(name);
        const bool takes_value =
            program_option ? program_option->takes_value : job_option_takes_value(name);
        if (!value && takes_value) {
            // An option the core does not know (an engine's) may be a bare flag: it
            // takes the next argument only when that does not look like an option.
            const bool known = program_option || find_core_option(name);
            const bool next_is_value =
                i + 1 < argc && !std::string_view(argv[i + 1]).starts_with("-");
            if (known && i + 1 >= argc) {
                throw CommandLineError(fmt::format("--{}: a value is required", name));
            }
            if (known || next_is_value) value = argv[++i];
        }
        if (program_option) {
            if (value && !program_option->takes_value) {
                throw CommandLineError(fmt::format("--{} takes no value", name));
            }
            apply_program_option(cl, name, value.value_or(""));
        } else if (name == "name") {
            job_options.push_back({{"name", std::string(*value)}});
        } else if (job_options.empty()) {
            global_options.emplace_back(name, value.value_or(""));
        } else {
            job_options.back().emplace_back(name, value.value_or(""));
        }
    }

    if (job_options.empty() && !global_options.empty() && cl.job_files.empty()) {
        throw CommandLineError(fmt::format(
            "job option '--{}' given, but no job: start one with --name=NAME",
            global_options.front().first));
    }
    for (const auto& options : job_options) {
        JobSpec job;
        for (const auto& [name, value] : global_options) apply_option(job, name, value);
        for (const auto& [name, value] : options) apply_option(job, name, value);
        cl.jobs.push_back(std::move(job));
    }
    return cl;
}

std::string usage_text() {
    std::string text =
        "usage: fio [options] [--name=JOB --option=VALUE ...]\n"
        "\n"
        "Options of fio itself:\n";
    for (const auto& option : kProgramOptions) {
        const std::string left =
            fmt::format("--{}{}", option.name, option.takes_value ? "=VALUE" : "");
        text += fmt::format("  {:<24} {}\n", left, option.help);
    }
    text += "\nJob options (before the first --name they apply to every job):\n";
    for (const auto& option : core_options()) {
        text += fmt::format("  --{:<22} {}\n", option.spec.name, option.spec.help);
    }
    text += "\nEngine options are listed by the engine's plugin; see --list-plugins.\n";
    return text;
}

}  // namespace fio::core
