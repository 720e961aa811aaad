// Raw sections (from job files and the command line, in order) -> job specs.
// A [global] section adds defaults for every job after it; each other section is a
// job. Reporting groups follow stonewall/new_group.
#pragma once

#include "jobs/job_spec.hpp"
#include "jobs/raw_job.hpp"

#include <string>
#include <vector>

namespace fio::core {

struct JobBuildOptions {
    bool readonly = false;  // --readonly: refuse jobs that write
    std::string aux_path;   // --aux-path: where verify state files go ("" = here)
};

// --section=NAME: the global sections and the named jobs only (all when `names` is
// empty). Throws JobFileError for a name that matches no section.
std::vector<RawSection> select_sections(const std::vector<RawSection>& sections,
                                        const std::vector<std::string>& names);

// Throws JobFileError (one line naming file:line) for any bad option or job.
std::vector<JobSpec> build_jobs(const std::vector<RawSection>& sections,
                                const JobBuildOptions& options);

// Every [global] option applied to one job named "global". Stock fio parses global
// options as it reads them, job or no job; --parse-only checks this when no job is
// defined (`fio --parse-only --ss=iops:10`). Throws JobFileError for a bad option.
JobSpec global_options_job(const std::vector<RawSection>& sections);

}  // namespace fio::core
