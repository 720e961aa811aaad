// --trigger-file, --trigger-timeout and --trigger: stock fio's verify trigger of a local
// run. When the file appears (it is removed then, as stock removes it) or the time since
// the run started passes, the run stops as at Ctrl-C: every job ends and leaves its
// verify state file; then the trigger command runs (typically a power cut, for a later
// verify_state_load run to check what reached the disk).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace fio::core {

class RunTrigger {
public:
    RunTrigger(std::string file, std::uint64_t timeout_ms, std::string command,
               std::uint64_t start_ns)
        : file_(std::move(file)), timeout_ms_(timeout_ms), command_(std::move(command)),
          start_ns_(start_ns) {}

    bool armed() const noexcept { return !file_.empty() || timeout_ms_ != 0; }
    bool fired() const noexcept { return fired_; }

    // True once, when the trigger fires (a failure to remove the file is said on `err`).
    bool check(std::uint64_t now_ns, std::FILE* err);

    // Runs the command (by /bin/sh, as stock's system()), if any; on failure to start
    // it says so on `err`, as stock does, and the run goes on to its report.
    void run_command(std::FILE* err) const;

private:
    std::string file_;
    std::uint64_t timeout_ms_;
    std::string command_;
    std::uint64_t start_ns_;
    bool fired_ = false;
};

}  // namespace fio::core
