// Whether a path a remote job names stays under the server's root. The path is resolved
// as the kernel would open it: relative to the root, "..", and every symbolic link of
// the part that exists (a link in the middle, or a dangling one at the end, is followed
// to where it points). What does not exist yet is taken as written.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace fio::core {

struct ConfinedPath {
    bool inside = false;                 // the resolved path is the root or below it
    std::filesystem::path resolved;      // absolute, no "..", no symbolic link in the existing part
    std::string why;                     // when not inside: "resolves to /etc/passwd" or a loop
};

// `root` must be canonical (absolute, no links). An empty path is inside (it names the
// root itself, as the working directory of the run).
ConfinedPath confine_path(const std::filesystem::path& root, std::string_view path);

}  // namespace fio::core
