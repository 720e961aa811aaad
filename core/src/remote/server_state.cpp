#include "remote/server_state.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <cstdio>
#include <ctime>

namespace fio::core {

bool ServerState::claim_run(const std::string& peer, std::string& holder) {
    std::lock_guard lock(mutex_);
    if (running_) {
        holder = holder_;
        return false;
    }
    running_ = true;
    const std::time_t now = std::time(nullptr);
    holder_ = fmt::format("{} since {:%Y-%m-%d %H:%M:%S}", peer, fmt::localtime(now));
    return true;
}

void ServerState::release_run() {
    std::lock_guard lock(mutex_);
    running_ = false;
    holder_.clear();
}

void ServerState::log(const std::string& line) {
    std::lock_guard lock(mutex_);
    std::fprintf(stderr, "fio: server: %s\n", line.c_str());
    std::fflush(stderr);
}

}  // namespace fio::core
