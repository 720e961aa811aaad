#include "jobs/job_loader.hpp"

#include "jobs/flat_jobs.hpp"
#include "jobs/ini_reader.hpp"
#include "jobs/toml_jobs.hpp"
#include "options/core_options.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace fio::core {
namespace {

std::string shell_quoted(const std::string& text) {
    const bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("_-.,:/=+%@^").find(c) != std::string_view::npos;
    });
    if (plain) return text;
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

// Options are written by their primary names (`bs` for `blocksize`), as stock fio's
// --showcmd writes them; names the core does not own are left as the user wrote them.
std::string render_option(const LocatedOption& option) {
    const CoreOption* core = find_core_option(option.name);
    const std::string_view name = core != nullptr ? std::string_view(core->spec.name) : option.name;
    if (option.value.empty()) return fmt::format(" --{}", name);
    return fmt::format(" --{}={}", name, shell_quoted(option.value));
}

}  // namespace

std::vector<RawSection> collect_sections(const CommandLine& command_line) {
    std::vector<RawSection> sections = command_line.sections;
    for (const auto& path : command_line.job_files) {
        auto from_file = is_toml_job_file(path) ? read_toml_job_file(path) : read_ini_job_file(path);
        sections.insert(sections.end(), std::make_move_iterator(from_file.begin()),
                        std::make_move_iterator(from_file.end()));
    }
    return sections;
}

std::string render_command_line(const std::vector<RawSection>& sections) {
    const FlatJobs flat = flatten_sections(sections);
    std::string line = "fio";
    for (const auto& option : flat.globals) line += render_option(option);
    for (const auto& job : flat.jobs) {
        line += fmt::format(" --name={}", shell_quoted(job.name));
        for (const auto& option : job.options) line += render_option(option);
    }
    return line;
}

}  // namespace fio::core
