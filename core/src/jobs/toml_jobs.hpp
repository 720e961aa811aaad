// TOML job files (recognised by the .toml extension) and the INI -> TOML converter.
//
// The mapping (docs/toml-job-files.md): a [global] table holds options for every job,
// every other top-level table is a job named by its key, in file order. Values are
// TOML strings ("4k", "randread"), integers (32), booleans (true for a flag), or
// arrays, whose items are joined with ':' as fio separates lists (filename=a:b).
// ${VAR} and $keywords expand in strings as in INI files.
#pragma once

#include "jobs/raw_job.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace fio::core {

bool is_toml_job_file(const std::string& path);

// Throws JobFileError ("file:line: ...").
std::vector<RawSection> read_toml_job_file(const std::string& path);
std::vector<RawSection> parse_toml_job_text(std::string_view text, const std::string& file_name);

// The TOML text of `sections` (already expanded), which reads back to the same jobs.
std::string write_toml_jobs(const std::vector<RawSection>& sections);

}  // namespace fio::core
