#include "cli/command_line.hpp"

#include "options/core_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace fio::core {
namespace {

enum class ValueKind { none, required, optional };

// Options of fio itself, as opposed to job options.
struct ProgramOption {
    const char* name;
    ValueKind value;
    const char* help;
};

constexpr ProgramOption kProgramOptions[] = {
    {"help", ValueKind::none, "Print this help and exit"},
    {"version", ValueKind::none, "Print the version and exit"},
    {"output", ValueKind::required, "Write the report to FILE instead of stdout"},
    {"output-format", ValueKind::required,
     "normal (alias text), json, json+, terse, or any output plugin; comma-separated for "
     "several"},
    {"minimal", ValueKind::none, "Terse output: the same as --output-format=terse"},
    {"terse-version", ValueKind::required, "Version of the terse output; only 3 (the default)"},
    {"eta", ValueKind::required, "Live progress line: auto (when stderr is a terminal), always, never"},
    {"section", ValueKind::required, "Run only the job (section) of this name; repeatable"},
    {"parse-only", ValueKind::none, "Check the jobs and exit without running them"},
    {"showcmd", ValueKind::none, "Print each job as an equivalent command line and exit"},
    {"readonly", ValueKind::none, "Refuse any job that would write"},
    {"convert", ValueKind::required, "Print the job files converted to this format (toml) and exit"},
    {"cmdhelp", ValueKind::optional, "Describe an option, or every option with =all"},
    {"enghelp", ValueKind::optional, "List engines, or describe ENGINE's options (=ENGINE[,OPTION])"},
    {"inflate-log", ValueKind::required,
     "Print the text of a log stored compressed (log_store_compressed, FILE.fz) and exit"},
    {"list-plugins", ValueKind::none, "List every plugin found, with kind, version, ABI and path"},
    {"options-markdown", ValueKind::none, "Print the option table of docs/options.md"},
    {"plugin-dir", ValueKind::required, "Look for plugins in DIR first; repeatable"},
    {"debug", ValueKind::required,
     "Print what the core does, by area: TYPE[,TYPE...] or all; =? lists the types"},
    {"server", ValueKind::optional,
     "Run as a server: =tcp:[HOST:]PORT, tcp:[::1]:PORT, unix:PATH, or stock's ip:ADDR,PORT, "
     "ip6:ADDR,PORT, sock:PATH (default tcp port 8765)"},
    {"transport", ValueKind::required, "The server's endpoint, as --server=SPEC takes it"},
    {"daemonize", ValueKind::none, "With --server: detach and run in the background"},
    {"pidfile", ValueKind::required, "With --server: write the server's process id to FILE"},
    {"client", ValueKind::required,
     "Run the jobs on the server at HOST[,PORT] (or any --server form, or a FILE of hosts); "
     "repeatable; job files after it are for that host only"},
    {"remote-config", ValueKind::required, "With --client: run the job file at PATH on the servers"},
    {"max-jobs", ValueKind::required,
     "Accepted as stock fio 3.33 accepts it, which ignores it too: no cap on the jobs"},
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

// Stock prints its reports in a fixed order whatever order --output-format names them:
// terse lines, then the JSON document, then the text report. Other output plugins
// follow, in the order given.
void order_formats_as_stock(std::vector<std::string>& formats) {
    const auto rank = [](const std::string& format) {
        if (format == "terse") return 0;
        if (format == "json" || format == "json+") return 1;
        if (format == "normal") return 2;
        return 3;
    };
    std::stable_sort(formats.begin(), formats.end(),
                     [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
}

void apply_program_option(CommandLine& cl, std::string_view name,
                          std::optional<std::string_view> value) {
    const std::string text(value.value_or(""));
    if (name == "help") {
        cl.show_help = true;
    } else if (name == "version") {
        cl.show_version = true;
    } else if (name == "output") {
        cl.output_file = text;
    } else if (name == "output-format") {
        cl.output_formats.clear();
        for (auto& format : split_commas(text)) {
            if (format.empty()) throw CommandLineError("--output-format: empty format name");
            if (format == "text") format = "normal";
            // Stock prints each format once, and json+ is the json document with more
            // in it: "json,json+" is one json+ document.
            const auto& formats = cl.output_formats;
            if (std::find(formats.begin(), formats.end(), format) != formats.end()) continue;
            if (format == "json" &&
                std::find(formats.begin(), formats.end(), "json+") != formats.end()) {
                continue;
            }
            if (format == "json+") std::erase(cl.output_formats, "json");
            cl.output_formats.push_back(format);
        }
        order_formats_as_stock(cl.output_formats);
    } else if (name == "minimal") {
        cl.output_formats = {"terse"};  // like stock, the last of --minimal/--output-format wins
    } else if (name == "terse-version") {
        // Stock knows 2 to 5; the terse output here renders version 3 only.
        if (text == "2" || text == "4" || text == "5") {
            throw CommandLineError(fmt::format(
                "--terse-version: version {} is not supported here, only 3", text));
        }
        if (text != "3") {
            throw CommandLineError(
                fmt::format("--terse-version: '{}' is not a terse version (2, 3, 4 or 5)", text));
        }
    } else if (name == "eta") {
        if (text == "auto") cl.eta = EtaMode::automatic;
        else if (text == "always") cl.eta = EtaMode::always;
        else if (text == "never") cl.eta = EtaMode::never;
        else throw CommandLineError(fmt::format("--eta: '{}' is not auto, always or never", text));
    } else if (name == "section") {
        cl.only_sections.push_back(text);
    } else if (name == "parse-only") {
        cl.parse_only = true;
    } else if (name == "showcmd") {
        cl.show_commands = true;
    } else if (name == "readonly") {
        cl.readonly = true;
    } else if (name == "convert") {
        if (text != "toml") throw CommandLineError(fmt::format("--convert: '{}' is not toml", text));
        cl.convert_to = text;
    } else if (name == "cmdhelp") {
        cl.cmdhelp = text;
    } else if (name == "enghelp") {
        cl.enghelp = text;
    } else if (name == "inflate-log") {
        cl.inflate_log = text;
    } else if (name == "list-plugins") {
        cl.list_plugins = true;
    } else if (name == "options-markdown") {
        cl.options_markdown = true;
    } else if (name == "plugin-dir") {
        cl.plugin_dirs.emplace_back(text);
    } else if (name == "debug") {
        if (text == "?" || text == "help") {
            cl.list_debug_types = true;
        } else {
            try {
                cl.debug_types |= parse_debug_types(text);
            } catch (const DebugSpecError& e) {
                throw CommandLineError(e.what());
            }
        }
    } else if (name == "server") {
        cl.server = text;
    } else if (name == "transport") {
        cl.transport = text;
    } else if (name == "daemonize") {
        cl.daemonize = true;
    } else if (name == "pidfile") {
        cl.pidfile = text;
    } else if (name == "client") {
        if (text.empty()) throw CommandLineError("--client: a host is required");
        cl.clients.push_back({text, {}});
    } else if (name == "remote-config") {
        cl.remote_config = text;
    } else if (name == "max-jobs") {
        // Stock fio 3.33 ignores the number (it once sized a shared-memory segment);
        // so does this build, but only a number is accepted.
        std::uint64_t cap = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), cap);
        if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
            throw CommandLineError(
                fmt::format("--max-jobs: '{}' is not a number of jobs", text));
        }
    }
}

}  // namespace

CommandLine parse_command_line(int argc, const char* const* argv) {
    CommandLine cl;
    cl.sections.push_back({"global", {}, {}});

    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (!arg.starts_with("--") || arg.size() == 2) {
            if (arg.starts_with("-") && arg != "-") {
                throw CommandLineError(fmt::format("unknown argument '{}'", arg));
            }
            if (cl.clients.empty()) {
                cl.job_files.emplace_back(arg);
            } else {
                cl.clients.back().job_files.emplace_back(arg);
            }
            continue;
        }
        const std::string_view body = arg.substr(2);
        const auto equals = body.find('=');
        const std::string_view name = body.substr(0, equals);
        std::optional<std::string_view> value;
        if (equals != std::string_view::npos) value = body.substr(equals + 1);

        if (const ProgramOption* program_option = find_program_option(name)) {
            if (value && program_option->value == ValueKind::none) {
                throw CommandLineError(fmt::format("--{} takes no value", name));
            }
            if (!value && program_option->value == ValueKind::required) {
                if (i + 1 >= argc) throw CommandLineError(fmt::format("--{}: a value is required", name));
                value = argv[++i];
            }
            apply_program_option(cl, name, value);
            continue;
        }

        // A job option. Without '=', a value follows as the next argument unless the
        // option is a flag: a core boolean, or an unknown (engine) option followed by
        // something that looks like another option.
        if (!value) {
            const CoreOption* core = find_core_option(name);
            const bool flag = core ? core->spec.type == sdk::OptionType::boolean
                                   : !(i + 1 < argc && !std::string_view(argv[i + 1]).starts_with("-"));
            if (!flag) {
                if (i + 1 >= argc) throw CommandLineError(fmt::format("--{}: a value is required", name));
                value = argv[++i];
            }
        }
        const SourceLocation where{};
        cl.job_arguments.push_back(value ? fmt::format("--{}={}", name, *value) : fmt::format("--{}", name));
        if (name == "name") {
            if (value->empty()) throw CommandLineError("--name: a job name is required");
            cl.sections.push_back({std::string(*value), where, {}});
            continue;
        }
        cl.sections.back().options.push_back(
            {std::string(name), std::string(value.value_or("")), where});
    }

    // --parse-only checks options given without a job too, as stock does.
    const bool has_job_section = cl.sections.size() > 1;
    if (!has_job_section && !cl.sections.front().options.empty() && cl.job_files.empty() &&
        !cl.parse_only && cl.clients.empty()) {
        throw CommandLineError(fmt::format(
            "job option '--{}' given, but no job: start one with --name=NAME",
            cl.sections.front().options.front().name));
    }
    return cl;
}

std::string usage_text() {
    std::string text =
        "usage: fio [options] [job files...] [--name=JOB --option=VALUE ...]\n"
        "\n"
        "Options of fio itself:\n";
    for (const auto& option : kProgramOptions) {
        const char* suffix = option.value == ValueKind::required   ? "=VALUE"
                             : option.value == ValueKind::optional ? "[=VALUE]"
                                                                   : "";
        text += fmt::format("  {:<24} {}\n", fmt::format("--{}{}", option.name, suffix), option.help);
    }
    text +=
        "\nJob options go after --name=JOB (before the first --name they apply to every\n"
        "job); --cmdhelp=all lists them, --enghelp=ENGINE lists an engine's own.\n";
    return text;
}

}  // namespace fio::core
