// Gathering every job source of one invocation into raw sections, in fio's order:
// command-line globals, command-line jobs, then each job file (INI, or TOML by
// extension) in the order given.
#pragma once

#include "cli/command_line.hpp"
#include "jobs/raw_job.hpp"

#include <string>
#include <vector>

namespace fio::core {

// Throws JobFileError.
std::vector<RawSection> collect_sections(const CommandLine& command_line);

// The sections as one command line ("fio --size=1m --name=a --rw=read ..."),
// globals first, each value shell-quoted when it needs to be.
std::string render_command_line(const std::vector<RawSection>& sections);

}  // namespace fio::core
