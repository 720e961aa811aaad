// A `fio --server` started for one test: its own process, its log in a scratch
// directory, its real endpoint read from the "listening on" line, and stopped by PID
// (SIGTERM, then SIGKILL) when the object dies. Every wait is bounded.
#pragma once

#include "run_command.hpp"
#include "scratch_dir.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
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

class FioServer {
public:
    // `args` go after the binary, e.g. {"--server=tcp:127.0.0.1:0"}; `env` entries
    // ("NAME=value") are added to the server's environment.
    explicit FioServer(std::vector<std::string> args, std::vector<std::string> env = {}) {
        std::vector<std::string> argv{FIO_BINARY};
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
        if (rc != 0) throw std::runtime_error("cannot start fio --server");
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (std::chrono::steady_clock::now() < deadline) {
            const std::string out = read_file(out_path());
            const auto at = out.find("listening on ");
            const auto nl = at == std::string::npos ? std::string::npos : out.find('\n', at);
            if (nl != std::string::npos) {
                endpoint_ = out.substr(at + 13, nl - at - 13);
                return;
            }
            if (!alive()) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        stop();
        throw std::runtime_error("fio --server did not start: " + read_file(err_path()));
    }
    ~FioServer() { stop(); }
    FioServer(const FioServer&) = delete;
    FioServer& operator=(const FioServer&) = delete;

    pid_t pid() const { return pid_; }
    // "tcp:127.0.0.1:40123" or "unix:/path": what --client= takes.
    const std::string& endpoint() const { return endpoint_; }
    std::string log() const { return read_file(err_path()); }
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
    // SIGTERM, then SIGKILL after `grace`; returns the wait status (or -1).
    int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000)) {
        if (pid_ <= 0) return exit_status_;
        ::kill(pid_, SIGTERM);
        const auto deadline = std::chrono::steady_clock::now() + grace;
        while (std::chrono::steady_clock::now() < deadline) {
            if (!alive()) return exit_status_;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &exit_status_, 0);
        pid_ = -1;
        return exit_status_;
    }
    void kill_now() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &exit_status_, 0);
        pid_ = -1;
    }

private:
    std::string out_path() const { return scratch_ / "server.out"; }
    std::string err_path() const { return scratch_ / "server.err"; }

    ScratchDir scratch_;
    pid_t pid_ = -1;
    int exit_status_ = -1;
    std::string endpoint_;
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
