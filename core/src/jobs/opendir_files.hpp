// opendir=DIR: every regular file below DIR (recursively) becomes one of the job's
// files, as stock fio adds them. Ours are in name order (stock's follow readdir).
#pragma once

#include <string>
#include <vector>

namespace fio::core {

// The regular files below `dir`, as "dir/sub/name". Throws std::runtime_error naming
// the directory when it cannot be read.
std::vector<std::string> files_below(const std::string& dir);

}  // namespace fio::core
