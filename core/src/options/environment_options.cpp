// The options of what a job sets up around itself: commands before and after it, the
// device's I/O scheduler, user and group, write hints, file locks, control groups. Their JobSpec fields
// live in jobs/environment_spec.hpp; run/job_environment.cpp acts on them.
#include "options/option_tables.hpp"

#include "run/cgroup_mount.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>

namespace fio::core {
namespace {

using sdk::OptionType;

constexpr const char* kThreads = "Threads, processes and job synchronization";

constexpr sdk::OptionSpec text(const char* name, const char* help, const char* category) {
    return {name, nullptr, OptionType::string, nullptr, 0, 0, nullptr, help, category, nullptr};
}
constexpr sdk::OptionSpec id(const char* name, const char* help) {
    return {name, nullptr, OptionType::integer, nullptr, 0, UINT32_MAX - 1, nullptr, help,
            kThreads, nullptr};
}

const std::array kEnvironmentOptions = {
    CoreOption{text("exec_prerun",
                    "Shell command run before the job starts; its output goes to "
                    "JOBNAME.prerun.txt, and a failure skips the job's I/O",
                    kThreads),
               [](JobSpec& j, const OptionValue& v) { j.environment.exec_prerun = v.text; }},
    CoreOption{text("exec_postrun",
                    "Shell command run after the job ends; its output goes to "
                    "JOBNAME.postrun.txt",
                    kThreads),
               [](JobSpec& j, const OptionValue& v) { j.environment.exec_postrun = v.text; }},
    CoreOption{text("ioscheduler",
                    "Switch the block device under the job's first file to this I/O "
                    "scheduler first (with disk_util=1, as stock)",
                    "Files and devices"),
               [](JobSpec& j, const OptionValue& v) { j.environment.ioscheduler = v.text; }},
    CoreOption{id("uid", "Switch the job's thread to this user ID before it opens its files"),
               [](JobSpec& j, const OptionValue& v) {
                   j.environment.uid = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{id("gid", "Switch the job's thread to this group ID before it opens its files"),
               [](JobSpec& j, const OptionValue& v) {
                   j.environment.gid = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"write_hint", nullptr, OptionType::choice, nullptr, 0, 0,
                "none,short,medium,long,extreme",
                "Expected lifetime of the data written, told to the kernel with fcntl(2) "
                "on each file",
                "I/O type", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   // RWH_WRITE_LIFE_NONE is 1, then one step per choice.
                   j.environment.write_hint = static_cast<std::uint8_t>(v.integer + 1);
               }},
    CoreOption{{"lockfile", nullptr, OptionType::choice, "none", 0, 0,
                "none,exclusive,readwrite",
                "Serialise I/O to files shared between jobs: exclusive (one job at a time) or "
                "readwrite (reads together, writes alone)",
                "Job description", nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.environment.lockfile = static_cast<FileLock>(v.integer);
               }},
    CoreOption{text("cgroup",
                    "Run the job in this block I/O control group (under the cgroup v1 blkio "
                    "or v2 hierarchy), creating it if needed",
                    kThreads),
               [](JobSpec& j, const OptionValue& v) {
                   if (const std::string problem = cgroup_name_problem(v.text); !problem.empty()) {
                       throw ValueError(fmt::format("'{}': {}", v.text, problem));
                   }
                   j.environment.cgroup = v.text;
               }},
    CoreOption{{"cgroup_weight", nullptr, OptionType::integer, nullptr, 100, 1000, nullptr,
                "Weight given to the job's control group (with cgroup=)", kThreads, nullptr},
               [](JobSpec& j, const OptionValue& v) {
                   j.environment.cgroup_weight = static_cast<std::uint32_t>(v.integer);
               }},
    CoreOption{{"cgroup_nodelete", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
                "Leave the control group this run created in place after the job", kThreads,
                nullptr},
               [](JobSpec& j, const OptionValue& v) { j.environment.cgroup_nodelete = v.boolean; }},
};

}  // namespace

std::span<const CoreOption> environment_options() { return kEnvironmentOptions; }

}  // namespace fio::core
