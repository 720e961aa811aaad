// fio's INI job files: [sections] of `name=value` lines (or bare `name`), ';' and '#'
// comments, `include FILE` (relative to the including file, nested, loops refused),
// ${VAR} and $keyword expansion in values.
#pragma once

#include "jobs/raw_job.hpp"

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace fio::core {

// Reads a job file; "-" reads standard input. Throws JobFileError ("file:line: ...").
std::vector<RawSection> read_ini_job_file(const std::string& path);

// Parses job text that came from `file_name`; includes resolve against `base_dir`.
std::vector<RawSection> parse_ini_job_text(std::string_view text, const std::string& file_name,
                                           const std::filesystem::path& base_dir);

// How `include NAME` (at "file:line" `where`, in a file of directory `base_dir`) finds
// its file. By default NAME is relative to `base_dir`; a server's run process installs
// one that keeps includes under the server root (remote/run_policy.hpp). It may throw.
using IncludeResolver = std::function<std::filesystem::path(
    std::string_view name, const std::filesystem::path& base_dir, const std::string& where)>;
void set_include_resolver(IncludeResolver resolver);

}  // namespace fio::core
