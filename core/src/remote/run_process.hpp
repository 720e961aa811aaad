// The separate process a server runs a submitted job in. A crash, hang or leak in a
// job or a plugin stays in it: the server only reads its two pipes and reaps it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <sys/types.h>

namespace fio::core {

class RunProcess {
public:
    // Starts `argv` (argv[0] is the program) in its own process group, with stdin from
    // /dev/null, the network output's frames on fd 3 and stdout+stderr on a second
    // pipe; no other descriptor of the server is inherited. It starts in
    // `working_dir` (unless empty) with the server's environment plus `environment`
    // ("NAME=value", replacing a variable of that name). Returns nullptr with `error`
    // set when it cannot start.
    static std::unique_ptr<RunProcess> start(const std::vector<std::string>& argv,
                                             std::string& error,
                                             const std::string& working_dir = {},
                                             const std::vector<std::string>& environment = {});
    ~RunProcess();  // kills the group and reaps the process if still running

    RunProcess(const RunProcess&) = delete;
    RunProcess& operator=(const RunProcess&) = delete;

    int events_fd() const noexcept { return events_fd_; }  // -1 once closed
    int log_fd() const noexcept { return log_fd_; }
    void close_events();
    void close_log();
    pid_t pid() const noexcept { return pid_; }

    // Asks every process of the run to end (SIGTERM): jobs stop and report.
    void terminate() noexcept;
    // Ends every process of the run at once (SIGKILL).
    void kill() noexcept;
    // Waits for the process; returns its wait status. Idempotent.
    int wait() noexcept;

private:
    RunProcess(pid_t pid, int events_fd, int log_fd) noexcept
        : pid_(pid), events_fd_(events_fd), log_fd_(log_fd) {}

    pid_t pid_;
    int events_fd_;
    int log_fd_;
    bool reaped_ = false;
    int status_ = 0;
};

// "exited with status 1", "was killed by signal 11 (Segmentation fault)".
std::string describe_wait_status(int status);

}  // namespace fio::core
