// What a job sets up around itself (run/job_environment.hpp): commands before and after
// it, the device's I/O scheduler, its user and group, write lifetime hints, the lock
// it takes on shared files, and the block I/O control group it runs in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace fio::core {

// lockfile=: how a job's I/O to a file is serialised with other jobs using that file.
enum class FileLock : std::uint8_t {
    none,       // no locking (stock's default)
    exclusive,  // one job at a time issues I/O to the file
    readwrite,  // reads share the file, writes (and trims) have it alone
};

struct EnvironmentSpec {
    std::string exec_prerun;    // shell command before the job; empty: none
    std::string exec_postrun;   // shell command after the job; empty: none
    std::string ioscheduler;    // switch the device under the first file to it; empty: no
    std::optional<std::uint32_t> uid;
    std::optional<std::uint32_t> gid;
    std::uint8_t write_hint = 0;  // 0: not given; else Linux's RWH_WRITE_LIFE_* (1 none..5)
    FileLock lockfile = FileLock::none;
    std::string cgroup;                // control group to run in (run/control_groups.hpp)
    std::uint32_t cgroup_weight = 0;   // 0: not given; else 100..1000, written to the group
    bool cgroup_nodelete = false;      // keep the group this run created

    bool operator==(const EnvironmentSpec&) const = default;
};

}  // namespace fio::core
