#include "cli/command_line.hpp"

#include "cli/program_options.hpp"
#include "options/core_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace fio::core {

namespace {

// One option argument as stock's getopt_long_only reads it: "--NAME[=VALUE]" or
// "-NAME[=VALUE]" with a long name, or "-L[VALUE]" with one of stock's short letters.
struct OptionWord {
    std::string_view name;
    std::optional<std::string_view> value;
    const ProgramOption* program = nullptr;  // null: a job option
};

OptionWord split_name_value(std::string_view body) {
    const auto equals = body.find('=');
    OptionWord word{body.substr(0, equals), std::nullopt};
    if (equals != std::string_view::npos) word.value = body.substr(equals + 1);
    return word;
}

// "-bs=4k", "-iodepth", "-v", "-ofile": a long name when one matches exactly (program
// or core job option), else stock's short letter, else a job option the core does not
// own (an engine's, checked when the jobs are built).
OptionWord read_single_dash(std::string_view body) {
    OptionWord word = split_name_value(body);
    if ((word.program = find_program_option(word.name)) || find_core_option(word.name)) return word;
    const ProgramOption* short_option = find_program_option_by_letter(body.front());
    if (short_option == nullptr) return word;
    if (word.name.size() == 1) {
        word.program = short_option;
        return word;
    }
    if (short_option->value != ValueKind::none && !word.value) {
        return {body.substr(0, 1), body.substr(1), short_option};  // -ofile: -o file
    }
    return word;
}

}  // namespace

CommandLine parse_command_line(int argc, const char* const* argv) {
    CommandLine cl;
    cl.sections.push_back({"global", {}, {}});
    bool options_ended = false;  // after "--" every argument is a job file, as with getopt

    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--" && !options_ended) {
            options_ended = true;
            continue;
        }
        if (options_ended || !arg.starts_with("-") || arg == "-") {  // "-": the job file on stdin
            if (cl.clients.empty()) {
                cl.job_files.emplace_back(arg);
            } else {
                cl.clients.back().job_files.emplace_back(arg);
            }
            continue;
        }
        OptionWord word = arg.starts_with("--") ? split_name_value(arg.substr(2)) : read_single_dash(arg.substr(1));
        if (arg.starts_with("--")) word.program = find_program_option(word.name);
        const std::string_view name = word.name;
        std::optional<std::string_view> value = word.value;

        if (const ProgramOption* program_option = word.program) {
            if (value && program_option->value == ValueKind::none) {
                throw CommandLineError(fmt::format("--{} takes no value", program_option->name));
            }
            if (!value && program_option->value == ValueKind::required) {
                if (i + 1 >= argc) {
                    throw CommandLineError(fmt::format("--{}: a value is required", program_option->name));
                }
                value = argv[++i];
            }
            apply_program_option(cl, *program_option, value);
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
    // A format given a file of its own (--html-output) runs whatever --output-format says.
    for (const auto& [format, file] : cl.format_files) {
        if (std::find(cl.output_formats.begin(), cl.output_formats.end(), format) ==
            cl.output_formats.end()) {
            cl.output_formats.push_back(format);
        }
    }
    return cl;
}

void require_job_for_options(const CommandLine& cl) {
    // --parse-only checks options given without a job too, as stock does.
    const bool has_job_section = cl.sections.size() > 1;
    if (!has_job_section && !cl.sections.front().options.empty() && cl.job_files.empty() &&
        !cl.parse_only && cl.clients.empty() && !cl.profile) {
        throw CommandLineError(fmt::format(
            "job option '--{}' given, but no job: start one with --name=NAME",
            cl.sections.front().options.front().name));
    }
}

std::string usage_text(std::string_view plugin_options) {
    return "usage: fio [options] [job files...] [--name=JOB --option=VALUE ...]\n"
           "\n"
           "Options of fio itself (one dash works as well as two, as in stock fio):\n" +
           program_options_help() + std::string(plugin_options) +
           "\nJob options go after --name=JOB (before the first --name they apply to every\n"
           "job); --cmdhelp=all lists them, --enghelp=ENGINE lists an engine's own.\n";
}

}  // namespace fio::core
