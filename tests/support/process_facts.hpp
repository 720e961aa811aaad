// What /proc says about a process: its children, open descriptors and threads, and
// whether it still runs. For tests that check a server released everything of a run.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/types.h>

namespace fio::test {

namespace process_detail {
// The fields of /proc/PID/stat after the command name, which may hold spaces and ')'.
inline std::vector<std::string> stat_fields(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(in, line);
    const auto close = line.rfind(')');
    std::vector<std::string> fields;
    if (close == std::string::npos) return fields;
    std::istringstream rest(line.substr(close + 1));
    for (std::string field; rest >> field;) fields.push_back(field);
    return fields;  // [0] state, [1] ppid, ...
}
}  // namespace process_detail

// The processes whose parent is `parent` (zombies included: they are not reaped yet).
inline std::vector<pid_t> children_of(pid_t parent) {
    std::vector<pid_t> children;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        const pid_t pid = std::stoi(name);
        const auto fields = process_detail::stat_fields(pid);
        if (fields.size() > 1 && fields[1] == std::to_string(parent)) children.push_back(pid);
    }
    return children;
}

// True when `pid` no longer runs (gone, or a zombie nobody reaped yet).
inline bool process_gone(pid_t pid) {
    const auto fields = process_detail::stat_fields(pid);
    return fields.empty() || fields[0] == "Z" || fields[0] == "X";
}

inline int open_fd_count(pid_t pid) {
    int count = 0;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        ++count;
    }
    return count;
}

inline int thread_count(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("Threads:")) return std::stoi(line.substr(8));
    }
    return -1;
}

}  // namespace fio::test
