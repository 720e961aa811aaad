#include "remote/run_process.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <string_view>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace fio::core {
namespace {

// The descriptor the network output writes its frames to in the run process.
constexpr int kEventsFd = 3;

struct Pipe {
    int read = -1;
    int write = -1;
    bool open(std::string& error) {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) {
            error = fmt::format("cannot create a pipe: {}", std::strerror(errno));
            return false;
        }
        read = fds[0];
        write = fds[1];
        return true;
    }
    void close_both() noexcept {
        if (read >= 0) ::close(read);
        if (write >= 0) ::close(write);
        read = write = -1;
    }
};

// This process's environment with `added` ("NAME=value") put in, replacing a
// variable of the same name.
std::vector<std::string> environment_with(const std::vector<std::string>& added) {
    const auto name_of = [](std::string_view variable) { return variable.substr(0, variable.find('=')); };
    std::vector<std::string> variables;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string_view variable(*entry);
        const bool replaced = std::any_of(added.begin(), added.end(), [&](const std::string& a) {
            return name_of(a) == name_of(variable);
        });
        if (!replaced) variables.emplace_back(variable);
    }
    variables.insert(variables.end(), added.begin(), added.end());
    return variables;
}

}  // namespace

std::unique_ptr<RunProcess> RunProcess::start(const std::vector<std::string>& argv,
                                              std::string& error, const std::string& working_dir,
                                              const std::vector<std::string>& environment) {
    Pipe events;
    Pipe log;
    if (!events.open(error)) return nullptr;
    if (!log.open(error)) {
        events.close_both();
        return nullptr;
    }
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, log.write, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, log.write, STDERR_FILENO);
    posix_spawn_file_actions_adddup2(&actions, events.write, kEventsFd);
    // Sockets of other sessions must not live on in the run: a client that hangs up
    // has to see its connection close.
    posix_spawn_file_actions_addclosefrom_np(&actions, kEventsFd + 1);
    if (!working_dir.empty()) posix_spawn_file_actions_addchdir_np(&actions, working_dir.c_str());
    // Its own process group, so that ending the run ends whatever it started.
    posix_spawnattr_setpgroup(&attributes, 0);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
                                              POSIX_SPAWN_SETSIGMASK);

    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    const std::vector<std::string> variables = environment_with(environment);
    std::vector<char*> envp;
    for (const auto& variable : variables) envp.push_back(const_cast<char*>(variable.c_str()));
    envp.push_back(nullptr);
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, args[0], &actions, &attributes, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(events.write);
    ::close(log.write);
    if (rc != 0) {
        ::close(events.read);
        ::close(log.read);
        error = fmt::format("cannot start {}: {}", argv[0], std::strerror(rc));
        return nullptr;
    }
    return std::unique_ptr<RunProcess>(new RunProcess(pid, events.read, log.read));
}

RunProcess::~RunProcess() {
    if (!reaped_) {
        kill();
        wait();
    }
    close_events();
    close_log();
}

void RunProcess::close_events() {
    if (events_fd_ >= 0) ::close(events_fd_);
    events_fd_ = -1;
}

void RunProcess::close_log() {
    if (log_fd_ >= 0) ::close(log_fd_);
    log_fd_ = -1;
}

void RunProcess::terminate() noexcept {
    if (!reaped_) ::kill(-pid_, SIGTERM);
}

void RunProcess::kill() noexcept {
    if (!reaped_) ::kill(-pid_, SIGKILL);
}

int RunProcess::wait() noexcept {
    if (reaped_) return status_;
    while (::waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
    }
    // Whatever the run started and left behind in its group goes with it.
    ::kill(-pid_, SIGKILL);
    reaped_ = true;
    return status_;
}

std::string describe_wait_status(int status) {
    if (WIFEXITED(status)) return fmt::format("exited with status {}", WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        return fmt::format("was killed by signal {} ({})", WTERMSIG(status),
                           ::strsignal(WTERMSIG(status)));
    }
    return fmt::format("ended with wait status {:#x}", status);
}

}  // namespace fio::core
