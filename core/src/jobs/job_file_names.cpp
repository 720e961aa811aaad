#include "jobs/job_file_names.hpp"

#include <string_view>
#include <utility>

namespace fio::core {

// filename_format with its $jobname, $jobnum and $filenum filled in.
std::string made_file_name(const JobSpec& job, std::uint32_t clone, std::uint32_t file) {
    std::string name = job.filename_format;
    const std::pair<std::string_view, std::string> tokens[] = {
        {"$jobname", job.name}, {"$jobnum", std::to_string(clone)}, {"$filenum", std::to_string(file)}};
    for (const auto& [token, value] : tokens) {
        for (auto at = name.find(token); at != std::string::npos; at = name.find(token, at + value.size())) {
            name.replace(at, token.size(), value);
        }
    }
    return name;
}

std::vector<std::string> file_paths(const JobSpec& job, std::uint32_t clone) {
    std::vector<std::string> names = job.filenames;
    if (names.empty()) {
        for (std::uint32_t file = 0; file < job.nrfiles; ++file) {
            names.push_back(made_file_name(job, clone, file));
        }
    }
    for (auto& name : names) {
        if (!job.directory.empty() && !name.starts_with('/')) name = job.directory + "/" + name;
    }
    return names;
}

}  // namespace fio::core
