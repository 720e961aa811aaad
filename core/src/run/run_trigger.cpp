#include "run/run_trigger.hpp"

#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace fio::core {

bool RunTrigger::check(std::uint64_t now_ns, std::FILE* err) {
    if (fired_ || !armed()) return false;
    struct stat info {};
    if (!file_.empty() && ::stat(file_.c_str(), &info) == 0) {
        // Removed so that the next run does not fire at once (stock does the same).
        if (::unlink(file_.c_str()) != 0) {
            fmt::print(err, "fio: --trigger-file: cannot remove {}: {}\n", file_, std::strerror(errno));
        }
        fired_ = true;
    } else if (timeout_ms_ != 0 && now_ns - start_ns_ >= timeout_ms_ * 1'000'000) {
        fired_ = true;
    }
    return fired_;
}

void RunTrigger::run_command(std::FILE* err) const {
    if (command_.empty()) return;
    std::fflush(nullptr);  // what was printed so far comes before the command's output
    if (std::system(command_.c_str()) == -1) {
        fmt::print(err, "fio: --trigger: cannot run '{}': {}\n", command_, std::strerror(errno));
    }
}

}  // namespace fio::core
