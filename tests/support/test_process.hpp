// A process started for one test: its own PID (no shell in between, so a signal reaches
// the program itself), stdout and stderr in files of a scratch directory, and stopped
// by PID (SIGTERM, then SIGKILL) when the object dies. Every wait is bounded.
#pragma once

#include "run_command.hpp"
#include "scratch_dir.hpp"

#include <chrono>
#include <csignal>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace fio::test {

class TestProcess {
public:
    // Runs `program` with `args`; `env` entries ("NAME=value") are added to the environment.
    TestProcess(std::string program, const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
        std::vector<std::string> argv{std::move(program)};
        argv.insert(argv.end(), args.begin(), args.end());
        std::vector<char*> cargv;
        for (auto& a : argv) cargv.push_back(a.data());
        cargv.push_back(nullptr);
        std::vector<std::string> environment;
        for (char** e = environ; *e; ++e) environment.emplace_back(*e);
        environment.insert(environment.end(), env.begin(), env.end());
        std::vector<char*> cenv;
        for (auto& e : environment) cenv.push_back(e.data());
        cenv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, out_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&actions, 2, err_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int rc = ::posix_spawn(&pid_, cargv[0], &actions, nullptr, cargv.data(), cenv.data());
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
    }
    ~TestProcess() { stop(); }
    TestProcess(const TestProcess&) = delete;
    TestProcess& operator=(const TestProcess&) = delete;

    pid_t pid() const { return pid_; }
    std::string out() const { return read_file(out_path()); }
    std::string err() const { return read_file(err_path()); }

    bool alive() {
        if (pid_ <= 0) return false;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            exit_status_ = status;
            pid_ = -1;
            return false;
        }
        return true;
    }
    // The wait status once the process has ended within `timeout`, else nullopt.
    std::optional<int> wait_exit(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (alive()) {
            if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return exit_status_;
    }
    // SIGTERM, then SIGKILL after `grace`; returns the wait status (or -1).
    int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000)) {
        if (pid_ <= 0) return exit_status_;
        ::kill(pid_, SIGTERM);
        if (auto status = wait_exit(grace)) return *status;
        kill_now();
        return exit_status_;
    }
    void kill_now() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &exit_status_, 0);
        pid_ = -1;
    }

private:
    std::string out_path() const { return scratch_ / "stdout"; }
    std::string err_path() const { return scratch_ / "stderr"; }

    ScratchDir scratch_;
    pid_t pid_ = -1;
    int exit_status_ = -1;
};

// Waits up to `timeout` for `condition`; returns whether it became true.
template <typename Condition>
bool wait_for(Condition condition, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return condition();
}

}  // namespace fio::test
