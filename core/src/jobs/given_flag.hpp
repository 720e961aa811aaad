// A boolean option as a job was given it: its own options first, then the global ones
// it got. For options the core accepts but keeps no field for (thread=, disk_util=).
#pragma once

#include "jobs/job_spec.hpp"

#include <optional>

namespace fio::core {

// nullopt when the job was not given `name` (a canonical option name).
std::optional<bool> given_flag(const JobSpec& job, const char* name);

// Whether the job was given `name` (a canonical option name), in any section.
bool option_given(const JobSpec& job, const char* name);

}  // namespace fio::core
