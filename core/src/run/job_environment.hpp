// What a job changes around itself, as stock fio's job process does: the commands run
// before and after it (exec_prerun, exec_postrun), the device's I/O scheduler
// (ioscheduler), the user and group it runs as (uid, gid) and the write lifetime hint
// on its files (write_hint).
#pragma once

#include "jobs/job_spec.hpp"

#include <functional>
#include <stdexcept>
#include <string>

namespace fio::core {

// A job that cannot set its surroundings up: `error` is the errno its result reports.
class JobEnvironmentError : public std::runtime_error {
public:
    JobEnvironmentError(int error, const std::string& what)
        : std::runtime_error(what), error(error) {}
    int error;
};

using InfoLog = std::function<void(const std::string&)>;

// Runs `command` with sh as stock does (system(3)), its output and errors going to
// JOBNAME.PHASE.txt in the working directory (`phase`: "prerun" or "postrun"), after
// saying so through `log`. Returns the shell's wait status (0: success).
int run_job_command(const std::string& job_name, const std::string& command,
                    const char* phase, const InfoLog& log);

// ioscheduler: switches the device under `path` to `scheduler` through its sysfs
// queue/scheduler and checks it took. As stock, nothing happens without disk_util or
// for a file on no block device; a scheduler the device does not offer throws.
void switch_io_scheduler(const std::string& path, const std::string& scheduler);

// uid, gid: this thread (only: the raw system calls, not glibc's process-wide ones)
// takes the job's group and then user. Throws JobEnvironmentError.
void switch_identity(const JobSpec& job);

// write_hint: tells the kernel the expected lifetime of the data written through
// `fd` (F_SET_FILE_RW_HINT with direct=1, else F_SET_RW_HINT, as stock). Throws.
void apply_write_hint(int fd, const std::string& path, const JobSpec& job);

}  // namespace fio::core
