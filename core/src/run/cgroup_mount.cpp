#include "run/cgroup_mount.hpp"

#include <fstream>
#include <iterator>
#include <sstream>

namespace fio::core {
namespace {

// /proc/mounts writes a space, tab, newline or backslash in a field as '\' and three
// octal digits (getmntent(3) undoes the same).
std::string unescape_mount_field(std::string_view field) {
    std::string out;
    out.reserve(field.size());
    for (std::size_t i = 0; i < field.size(); ++i) {
        const bool octal = field[i] == '\\' && i + 3 < field.size();
        if (octal && field[i + 1] >= '0' && field[i + 1] <= '3' && field[i + 2] >= '0' &&
            field[i + 2] <= '7' && field[i + 3] >= '0' && field[i + 3] <= '7') {
            out += static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 +
                                     (field[i + 3] - '0'));
            i += 3;
        } else {
            out += field[i];
        }
    }
    return out;
}

bool lists_option(std::string_view options, std::string_view wanted) {
    while (!options.empty()) {
        const auto comma = options.find(',');
        if (options.substr(0, comma) == wanted) return true;
        if (comma == std::string_view::npos) break;
        options.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace

std::optional<CgroupMount> find_cgroup_mount(std::string_view proc_mounts) {
    std::optional<CgroupMount> unified;
    std::istringstream lines{std::string(proc_mounts)};
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string device, directory, type, options;
        if (!(fields >> device >> directory >> type >> options)) continue;
        if (type == "cgroup" && lists_option(options, "blkio")) {
            return CgroupMount{unescape_mount_field(directory), CgroupVersion::v1_blkio};
        }
        if (type == "cgroup2" && !unified) {
            unified = CgroupMount{unescape_mount_field(directory), CgroupVersion::v2_io};
        }
    }
    return unified;
}

std::optional<CgroupMount> find_cgroup_mount() {
    std::ifstream file("/proc/mounts");
    const std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    return find_cgroup_mount(text);
}

std::string cgroup_directory(const CgroupMount& mount, std::string_view name) {
    while (!name.empty() && name.front() == '/') name.remove_prefix(1);
    while (!name.empty() && name.back() == '/') name.remove_suffix(1);
    std::string root = mount.path;
    while (root.size() > 1 && root.back() == '/') root.pop_back();
    if (name.empty()) return root;
    return root == "/" ? root + std::string(name) : root + "/" + std::string(name);
}

const char* cgroup_members_file(CgroupVersion version) {
    return version == CgroupVersion::v1_blkio ? "tasks" : "cgroup.procs";
}

std::vector<std::string> cgroup_weight_files(CgroupVersion version) {
    if (version == CgroupVersion::v1_blkio) return {"blkio.weight", "blkio.bfq.weight"};
    return {"io.weight", "io.bfq.weight"};
}

std::string cgroup_name_problem(std::string_view name) {
    std::string_view rest = name;
    bool has_component = false;
    while (!rest.empty()) {
        const auto slash = rest.find('/');
        const std::string_view component = rest.substr(0, slash);
        if (component == "..") return "a group name cannot climb out of the hierarchy with '..'";
        if (!component.empty() && component != ".") has_component = true;
        if (slash == std::string_view::npos) break;
        rest.remove_prefix(slash + 1);
    }
    if (!has_component) return "the group name is empty";
    return "";
}

}  // namespace fio::core
