// The names of a job's files: filename= as given, or nrfiles names made from
// filename_format, each under directory= when relative.
#pragma once

#include "jobs/job_spec.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace fio::core {

// filename_format with its $jobname, $jobnum and $filenum filled in.
std::string made_file_name(const JobSpec& job, std::uint32_t clone, std::uint32_t file);

// The paths clone `clone` of `job` does I/O on.
std::vector<std::string> file_paths(const JobSpec& job, std::uint32_t clone);

}  // namespace fio::core
