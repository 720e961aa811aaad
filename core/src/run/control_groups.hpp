// Jobs placed in block I/O control groups (cgroup=, cgroup_weight=, cgroup_nodelete=),
// as stock fio does: a job creates its group under the blkio (v1) or io (v2)
// hierarchy unless it exists, sets the group's weight when asked, runs inside it and
// moves back to the root group when it ends. Jobs naming the same group share it; the
// group goes when its last member leaves, if this run created it and no member asked to
// keep it.
//
// Jobs are threads here. Under v1 each job thread moves alone (its thread id into the
// group's "tasks"). v2's io controller only places whole processes, so there the fio
// process moves in and goes back to the root when the last membership ends.
#pragma once

#include "run/cgroup_mount.hpp"

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace fio::core {

// A group that cannot be set up; `error` is the errno the job's result reports.
class ControlGroupError : public std::runtime_error {
public:
    ControlGroupError(int error, const std::string& what)
        : std::runtime_error(what), error(error) {}
    int error;
};

struct ControlGroupRequest {
    std::string name;          // cgroup=: the group's path under the hierarchy's root
    std::uint32_t weight = 0;  // cgroup_weight=; 0: the group's weight is left alone
    bool keep = false;         // cgroup_nodelete=1: the group stays after the run
};

class ControlGroups {
public:
    using MountFinder = std::function<std::optional<CgroupMount>()>;

    // `find_mount` is asked once, at the first join (tests hand in a directory tree
    // standing for the hierarchy).
    explicit ControlGroups(MountFinder find_mount);

    // The process's groups, on the hierarchy /proc/mounts shows.
    static ControlGroups& of_process();

    // A job's place in its group; ending it (destruction) leaves the group.
    class Membership {
    public:
        Membership() = default;
        Membership(Membership&& other) noexcept;
        Membership& operator=(Membership&& other) noexcept;
        Membership(const Membership&) = delete;
        Membership& operator=(const Membership&) = delete;
        ~Membership();

        const std::string& directory() const { return directory_; }

    private:
        friend class ControlGroups;
        Membership(ControlGroups* owner, std::string directory, pid_t task)
            : owner_(owner), directory_(std::move(directory)), task_(task) {}
        void end() noexcept;

        ControlGroups* owner_ = nullptr;
        std::string directory_;
        pid_t task_ = 0;
    };

    // Creates the group (with any missing parent) unless it exists, writes the weight
    // when one is asked, and moves the calling thread (v1) or the process (v2) into it.
    // Throws ControlGroupError, having undone what it did.
    Membership join(const ControlGroupRequest& request);

private:
    struct Group {
        unsigned members = 0;
        bool keep = false;
        std::vector<std::string> created;  // the directories this run made, outermost first
    };

    const CgroupMount& mount_for(const std::string& name);
    void write_weight(const std::string& directory, const ControlGroupRequest& request) const;
    void move_into(const std::string& directory, pid_t task, const std::string& name) const;
    void leave(const std::string& directory, pid_t task) noexcept;
    void forget_if_unused(const std::string& directory, bool keep);

    std::mutex mutex_;
    MountFinder find_mount_;
    bool looked_up_ = false;
    std::optional<CgroupMount> mount_;
    std::map<std::string, Group> groups_;
    unsigned process_holders_ = 0;  // v2: memberships keeping the process in a group
};

}  // namespace fio::core
