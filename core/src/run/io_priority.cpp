#include "run/io_priority.hpp"

#include "run/placement.hpp"

#include <fmt/format.h>

#include <linux/ioprio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace fio::core {

void apply_io_priority(const PrioritySpec& priority) {
    if (!priority.any()) return;
    // IOPRIO_WHO_PROCESS with 0: the calling thread alone (I/O priorities are per thread).
    if (::syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, priority.value()) != 0) {
        const int error = errno;
        throw PlacementError(error, fmt::format("ioprio_set(class {}, level {}): {}",
                                                priority.value() >> 13, priority.value() & 0x1fff,
                                                std::strerror(error)));
    }
}

}  // namespace fio::core
