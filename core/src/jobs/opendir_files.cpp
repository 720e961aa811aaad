#include "jobs/opendir_files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace fio::core {

std::vector<std::string> files_below(const std::string& dir) {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    std::error_code error;
    fs::recursive_directory_iterator it(dir, error);
    for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        if (it->is_regular_file(error)) files.push_back(it->path().string());
    }
    if (error) {
        throw std::runtime_error(fmt::format("opendir={}: {}", dir, error.message()));
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace fio::core
