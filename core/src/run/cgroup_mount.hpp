// Where the kernel's block I/O control groups live: the cgroup v1 hierarchy that has
// the blkio controller, or else the cgroup v2 (unified) hierarchy and its io
// controller; and the files each version uses for a group's members and weight.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fio::core {

enum class CgroupVersion { v1_blkio, v2_io };

struct CgroupMount {
    std::string path;  // the hierarchy's root directory, e.g. /sys/fs/cgroup/blkio
    CgroupVersion version = CgroupVersion::v1_blkio;

    bool operator==(const CgroupMount&) const = default;
};

// Picks the hierarchy from the text of /proc/mounts: a "cgroup" mount whose options
// name blkio when there is one (the controller can be bound to one hierarchy only, so
// then v2 has no io controller), else the first "cgroup2" mount. None: nullopt.
std::optional<CgroupMount> find_cgroup_mount(std::string_view proc_mounts);

// The same, reading /proc/mounts.
std::optional<CgroupMount> find_cgroup_mount();

// The directory of group `name` (a path relative to the hierarchy's root, as given to
// cgroup=): the root and the name joined by one '/'.
std::string cgroup_directory(const CgroupMount& mount, std::string_view name);

// The file a task is moved into a group through: v1's "tasks" takes a thread (so each
// job thread moves alone), v2's "cgroup.procs" takes the whole process.
const char* cgroup_members_file(CgroupVersion version);

// The weight files, in the order they are looked for: the proportional-weight one of
// CFQ (v1) or of the io controller (v2) first, then BFQ's.
std::vector<std::string> cgroup_weight_files(CgroupVersion version);

// What is wrong with `name` as a group name, or "" when it is fine: it must name a
// directory under the hierarchy's root, so not be empty nor have a ".." component.
std::string cgroup_name_problem(std::string_view name);

}  // namespace fio::core
