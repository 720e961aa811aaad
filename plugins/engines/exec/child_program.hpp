// The program an exec job runs beside its "I/O": started once, ended when the job ends.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace fio::engines {

// The words of `arguments` (split at blanks; no quoting, as fio), with %r replaced by
// the runtime in whole seconds and %n by the job name.
std::vector<std::string> expand_arguments(const std::string& arguments, std::uint64_t runtime_s,
                                          const std::string& job_name);

class ChildProgram {
public:
    ChildProgram() = default;
    ChildProgram(const ChildProgram&) = delete;
    ChildProgram& operator=(const ChildProgram&) = delete;
    // Ends the program if it still runs (see stop()).
    ~ChildProgram();

    // Starts `program` (looked up in PATH) with `words` as its arguments; with
    // `redirect_to` non-empty, its stdout and stderr go to <redirect_to>.stdout and
    // .stderr. Returns 0 or a negative errno.
    int start(const std::string& program, const std::vector<std::string>& words,
              const std::string& redirect_to);

    bool started() const noexcept { return pid_ > 0; }

    // Waits up to `timeout_ns` for the program to exit; returns at once if it did.
    void wait_for_exit(std::uint64_t timeout_ns);

    // SIGTERM, then SIGKILL after `grace_ns` if it is still running; reaps it.
    void stop(std::uint64_t grace_ns) noexcept;

    void set_grace(std::uint64_t grace_ns) noexcept { grace_ns_ = grace_ns; }

private:
    // Reaps the program if it exited; true when it is gone.
    bool reap_if_exited() noexcept;

    pid_t pid_ = -1;
    bool exited_ = false;
    std::uint64_t grace_ns_ = 1'000'000'000;
};

}  // namespace fio::engines
