#include "child_program.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <sstream>

extern char** environ;

namespace fio::engines {
namespace {

// How often a waiting exec job looks whether its program ended.
constexpr std::uint64_t kPollStepNs = 10'000'000;

void sleep_ns(std::uint64_t ns) {
    timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
    while (::nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

void replace_all(std::string& text, const std::string& what, const std::string& with) {
    for (std::size_t at = text.find(what); at != std::string::npos;
         at = text.find(what, at + with.size())) {
        text.replace(at, what.size(), with);
    }
}

}  // namespace

std::vector<std::string> expand_arguments(const std::string& arguments, std::uint64_t runtime_s,
                                          const std::string& job_name) {
    std::vector<std::string> words;
    std::istringstream in(arguments);
    for (std::string word; in >> word;) {
        replace_all(word, "%r", std::to_string(runtime_s));
        replace_all(word, "%n", job_name);
        words.push_back(std::move(word));
    }
    return words;
}

ChildProgram::~ChildProgram() { stop(grace_ns_); }

int ChildProgram::start(const std::string& program, const std::vector<std::string>& words,
                        const std::string& redirect_to) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& w : words) argv.push_back(const_cast<char*>(w.c_str()));
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string out = redirect_to + ".stdout";
    const std::string err = redirect_to + ".stderr";
    if (!redirect_to.empty()) {
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
    }
    pid_t pid = -1;
    const int rc = ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return -rc;
    pid_ = pid;
    exited_ = false;
    return 0;
}

bool ChildProgram::reap_if_exited() noexcept {
    if (pid_ <= 0 || exited_) return true;
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) exited_ = true;
    return exited_;
}

void ChildProgram::wait_for_exit(std::uint64_t timeout_ns) {
    std::uint64_t waited = 0;
    while (waited < timeout_ns) {
        if (reap_if_exited()) {
            sleep_ns(timeout_ns - waited);  // the program is gone: the job just waits
            return;
        }
        const std::uint64_t step = std::min(kPollStepNs, timeout_ns - waited);
        sleep_ns(step);
        waited += step;
    }
}

void ChildProgram::stop(std::uint64_t grace_ns) noexcept {
    if (pid_ <= 0 || reap_if_exited()) return;
    ::kill(pid_, SIGTERM);
    for (std::uint64_t waited = 0; waited < grace_ns; waited += kPollStepNs) {
        if (reap_if_exited()) return;
        sleep_ns(kPollStepNs);
    }
    if (reap_if_exited()) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    exited_ = true;
}

}  // namespace fio::engines
