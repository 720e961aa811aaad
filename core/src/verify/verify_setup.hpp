// Checks of a job's verify settings that need the whole job (block size, rw,
// time_based), made before anything runs.
#pragma once

#include "jobs/job_spec.hpp"

#include <optional>
#include <string>

namespace fio::core {

// Why the job's verify settings cannot be honoured, or nullopt.
std::optional<std::string> verify_setup_problem(const JobSpec& job);

// What stock fio warns about and runs anyway (e.g. a time_based job never reaches
// its check phase), or nullopt.
std::optional<std::string> verify_setup_warning(const JobSpec& job);

}  // namespace fio::core
