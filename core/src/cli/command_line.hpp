// fio's command line: options for fio itself (--output, --eta, --list-plugins...) and
// job options. `--name=X` starts a job; job options before the first --name are
// global and apply to every job.
#pragma once

#include "jobs/job_spec.hpp"

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace fio::core {

enum class EtaMode { automatic, always, never };

struct CommandLine {
    bool show_help = false;
    bool show_version = false;
    bool list_plugins = false;
    std::vector<std::filesystem::path> plugin_dirs;
    std::vector<std::string> output_formats{"normal"};
    std::string output_file;       // empty: stdout
    EtaMode eta = EtaMode::automatic;
    std::vector<std::string> job_files;
    std::vector<JobSpec> jobs;
};

class CommandLineError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws CommandLineError (or OptionError for a bad job option value).
CommandLine parse_command_line(int argc, const char* const* argv);

// The usage text of `fio --help`.
std::string usage_text();

}  // namespace fio::core
