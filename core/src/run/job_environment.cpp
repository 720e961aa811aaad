#include "run/job_environment.hpp"

#include "run/block_queue.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace fio::core {

int run_job_command(const std::string& job_name, const std::string& command,
                    const char* phase, const InfoLog& log) {
    // Stock appends the redirection to the command as written, so in "a; b" only b's
    // output reaches the file; the same text behaves the same here.
    const std::string output = fmt::format("{}.{}.txt", job_name, phase);
    log(fmt::format("{} : Saving output of {} in {}", job_name, phase, output));
    const std::string shell = fmt::format("{} > {} 2>&1", command, output);
    return std::system(shell.c_str());
}

void switch_io_scheduler(const std::string& path, const std::string& scheduler) {
    const std::string queue = block_queue_dir(path);
    if (queue.empty()) return;  // not on a block device: stock has no disk to switch
    const std::string control = queue + "/scheduler";
    std::fstream file(control, std::ios::in | std::ios::out);
    if (!file) {
        if (errno == EACCES) return;  // the kernel does not let us: stock carries on
        throw JobEnvironmentError(errno, fmt::format("ioscheduler: cannot open {}: {}", control,
                                                     std::strerror(errno)));
    }
    file << scheduler << std::flush;  // a name the device lacks fails here (EINVAL)
    std::ifstream reread(control);
    std::string offered;
    std::getline(reread, offered);
    // "none" alone: a device without schedulers, which accepts any write; as stock.
    if (offered == "none") return;
    if (offered.find("[" + scheduler + "]") == std::string::npos) {
        throw JobEnvironmentError(EINVAL,
                                  fmt::format("unable to set io scheduler to {}", scheduler));
    }
}

void switch_identity(const JobSpec& job) {
    // The raw system calls change this thread's credentials only; glibc's setgid and
    // setuid would change every thread of the process, i.e. every job.
    if (job.environment.gid && ::syscall(SYS_setgid, *job.environment.gid) != 0) {
        throw JobEnvironmentError(errno, fmt::format("gid={}: setgid: {}", *job.environment.gid,
                                                     std::strerror(errno)));
    }
    if (job.environment.uid && ::syscall(SYS_setuid, *job.environment.uid) != 0) {
        throw JobEnvironmentError(errno, fmt::format("uid={}: setuid: {}", *job.environment.uid,
                                                     std::strerror(errno)));
    }
}

void apply_write_hint(int fd, const std::string& path, const JobSpec& job) {
    if (job.environment.write_hint == 0 || fd < 0) return;
    std::uint64_t hint = job.environment.write_hint;
    // As stock: with O_DIRECT the hint goes on the open file, else on the inode (the
    // page cache writes back through the inode). Newer kernels refuse the former.
    const int command = job.direct ? F_SET_FILE_RW_HINT : F_SET_RW_HINT;
    if (::fcntl(fd, command, &hint) < 0) {
        throw JobEnvironmentError(errno, fmt::format("{}: fcntl write hint: {}", path,
                                                     std::strerror(errno)));
    }
}

}  // namespace fio::core
