#include "run/control_groups.hpp"

#include "debug/debug_log.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>

namespace fio::core {
namespace {

pid_t this_thread_id() { return static_cast<pid_t>(::syscall(SYS_gettid)); }

// Writes `value` in decimal to `path` as stock does (fopen "w"); the errno on failure,
// else 0. On cgroupfs a file the kernel does not offer cannot be created: EACCES.
int write_number(const std::string& path, long value) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return errno;
    const std::string text = std::to_string(value);
    const ssize_t written = ::write(fd, text.data(), text.size());
    const int error = written < 0 ? errno : 0;
    ::close(fd);
    if (error == 0 && static_cast<std::size_t>(written) != text.size()) return EIO;
    return error;
}

bool exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

// Makes every missing directory from the hierarchy's root down to `directory`; returns
// the ones made, outermost first. Throws (after removing them again) on failure.
std::vector<std::string> make_directories(const std::string& root, const std::string& directory,
                                          const std::string& name) {
    std::vector<std::string> made;
    std::size_t at = root.size();
    while (at < directory.size()) {
        at = directory.find('/', at + 1);
        const std::string step = directory.substr(0, at);
        if (::mkdir(step.c_str(), 0755) == 0) {
            made.push_back(step);
        } else if (errno != EEXIST) {
            const int error = errno;
            for (auto it = made.rbegin(); it != made.rend(); ++it) ::rmdir(it->c_str());
            throw ControlGroupError(error, fmt::format("cgroup={}: cannot create {}: {}", name,
                                                       step, std::strerror(error)));
        }
        if (at == std::string::npos) break;
    }
    return made;
}

}  // namespace

ControlGroups::ControlGroups(MountFinder find_mount) : find_mount_(std::move(find_mount)) {}

ControlGroups& ControlGroups::of_process() {
    static ControlGroups groups([] { return find_cgroup_mount(); });
    return groups;
}

const CgroupMount& ControlGroups::mount_for(const std::string& name) {
    if (!looked_up_) {
        mount_ = find_mount_();
        looked_up_ = true;
        if (mount_) {
            debug(DebugType::process, "control groups: {} hierarchy at {}",
                  mount_->version == CgroupVersion::v1_blkio ? "cgroup v1 blkio" : "cgroup v2",
                  mount_->path);
        }
    }
    if (!mount_) {
        throw ControlGroupError(ENOENT, fmt::format("cgroup={}: no cgroup v1 blkio nor cgroup v2 "
                                                    "hierarchy is mounted (/proc/mounts)",
                                                    name));
    }
    return *mount_;
}

void ControlGroups::write_weight(const std::string& directory,
                                 const ControlGroupRequest& request) const {
    // CFQ's (or the io controller's) weight file, else BFQ's; with neither, the first is
    // tried anyway so that the kernel's own answer is reported, as stock reports it.
    const auto candidates = cgroup_weight_files(mount_->version);
    const auto found = std::find_if(candidates.begin(), candidates.end(), [&](const auto& file) {
        return exists(directory + "/" + file);
    });
    const bool none = found == candidates.end();
    const std::string path = directory + "/" + (none ? candidates.front() : *found);
    if (const int error = write_number(path, request.weight); error != 0) {
        throw ControlGroupError(
            error, fmt::format("cgroup_weight={}: cannot write {}: {}{}", request.weight, path,
                               std::strerror(error),
                               none ? fmt::format(" (the kernel offers neither {} nor {}: no "
                                                  "proportional-weight I/O scheduler)",
                                                  candidates[0], candidates[1])
                                    : std::string()));
    }
}

void ControlGroups::move_into(const std::string& directory, pid_t task,
                              const std::string& name) const {
    const std::string path = directory + "/" + cgroup_members_file(mount_->version);
    if (const int error = write_number(path, task); error != 0) {
        throw ControlGroupError(error, fmt::format("cgroup={}: cannot move {} {} into {}: {}", name,
                                                   mount_->version == CgroupVersion::v1_blkio
                                                       ? "thread"
                                                       : "process",
                                                   task, path, std::strerror(error)));
    }
}

ControlGroups::Membership ControlGroups::join(const ControlGroupRequest& request) {
    std::lock_guard lock(mutex_);
    const CgroupMount& mount = mount_for(request.name);
    const std::string directory = cgroup_directory(mount, request.name);
    Group& group = groups_[directory];
    const bool v1 = mount.version == CgroupVersion::v1_blkio;
    const pid_t task = v1 ? this_thread_id() : ::getpid();
    try {
        if (group.members == 0) group.created = make_directories(mount.path, directory, request.name);
        if (request.weight != 0) write_weight(directory, request);
        move_into(directory, task, request.name);
    } catch (const ControlGroupError&) {
        forget_if_unused(directory, request.keep);
        throw;
    }
    ++group.members;
    group.keep = group.keep || request.keep;
    if (!v1) ++process_holders_;
    debug(DebugType::process, "control group {}: {} {} joined ({} member(s))", directory,
          v1 ? "thread" : "process", task, group.members);
    return Membership(this, directory, task);
}

void ControlGroups::leave(const std::string& directory, pid_t task) noexcept {
    std::lock_guard lock(mutex_);
    const bool v1 = mount_->version == CgroupVersion::v1_blkio;
    // Back to the root group, as stock; under v2 only when no other job holds the
    // process in a group (moving it would take those jobs out too).
    if (v1 || --process_holders_ == 0) {
        const std::string root_members = mount_->path + "/" + cgroup_members_file(mount_->version);
        if (const int error = write_number(root_members, task); error != 0) {
            debug(DebugType::process, "control group {}: moving {} back to the root: {}", directory,
                  task, std::strerror(error));
        }
    }
    const auto it = groups_.find(directory);
    if (it == groups_.end()) return;
    if (--it->second.members == 0) forget_if_unused(directory, false);
}

// Once a group has no member left, the directories this run made for it go (innermost
// first; the kernel refuses while a task outside fio is still in one, which is left),
// unless a member asked to keep them.
void ControlGroups::forget_if_unused(const std::string& directory, bool keep) {
    const auto it = groups_.find(directory);
    if (it == groups_.end() || it->second.members != 0) return;
    if (!keep && !it->second.keep) {
        const auto& created = it->second.created;
        for (auto dir = created.rbegin(); dir != created.rend(); ++dir) {
            if (::rmdir(dir->c_str()) != 0) {
                debug(DebugType::process, "control group {}: rmdir: {}", *dir, std::strerror(errno));
                break;
            }
        }
    }
    groups_.erase(it);
}

ControlGroups::Membership::Membership(Membership&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)),
      directory_(std::move(other.directory_)),
      task_(other.task_) {}

ControlGroups::Membership& ControlGroups::Membership::operator=(Membership&& other) noexcept {
    if (this != &other) {
        end();
        owner_ = std::exchange(other.owner_, nullptr);
        directory_ = std::move(other.directory_);
        task_ = other.task_;
    }
    return *this;
}

ControlGroups::Membership::~Membership() { end(); }

void ControlGroups::Membership::end() noexcept {
    if (owner_ != nullptr) owner_->leave(directory_, task_);
    owner_ = nullptr;
}

}  // namespace fio::core
