#include "ring_setup.hpp"

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <span>

namespace fio::engines {
namespace {

// The kernel's limit on submission queue entries (IORING_MAX_ENTRIES). The completion
// queue is twice the submission queue, so even at this limit it holds 65536 completions:
// every I/O of the deepest job the core allows can be in flight without CQ overflow.
constexpr std::uint32_t kMaxSqEntries = 32768;

// Flags that only make the ring cheaper, most preferred first. A kernel too old for one
// of them answers EINVAL, and the next set is tried.
//  - SINGLE_ISSUER: only the job thread submits, so the kernel can skip its locking.
//  - DEFER_TASKRUN: completions are processed when reap() asks for them rather than by
//    interrupting the job thread (6.1+, needs SINGLE_ISSUER).
//  - COOP_TASKRUN: no inter-processor interrupt to deliver completions (5.19+).
//  - TASKRUN_FLAG: the kernel marks the ring when completions wait to be processed, so
//    reap() sees that in user space.
//  - SUBMIT_ALL: a bad request fails on its own instead of cutting the batch short (5.18+).
constexpr unsigned kPreferredFlags[] = {
    IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_TASKRUN_FLAG |
        IORING_SETUP_SUBMIT_ALL,
    IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG |
        IORING_SETUP_SUBMIT_ALL,
    IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG | IORING_SETUP_SUBMIT_ALL,
    IORING_SETUP_SUBMIT_ALL,
    0,
};
// The kernel refuses the task-run modes next to its own submission thread.
constexpr unsigned kPreferredFlagsWithSqThread[] = {
    IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_SUBMIT_ALL,
    IORING_SETUP_SUBMIT_ALL,
    0,
};

std::string explain(int error, std::uint32_t entries) {
    switch (error) {
        case ENOMEM:
            return "not enough memory for a ring of " + std::to_string(entries) +
                   " entries (check the locked memory limit, ulimit -l)";
        case EPERM:
            return "io_uring is not permitted here (sysctl kernel.io_uring_disabled, or a "
                   "seccomp or container policy)";
        case ENOSYS:
            return "this kernel has no io_uring";
        default:
            return std::strerror(error);
    }
}

}  // namespace

int create_ring(io_uring& ring, const RingRequest& request, std::string& error) {
    const std::uint32_t entries = std::min(std::bit_ceil(request.iodepth), kMaxSqEntries);
    unsigned required = 0;
    if (request.polled_completions) required |= IORING_SETUP_IOPOLL;
    if (request.sq_thread) {
        required |= IORING_SETUP_SQPOLL;
        if (request.sq_thread_cpu >= 0) {
            if (request.sq_thread_cpu >= ::sysconf(_SC_NPROCESSORS_CONF)) {
                error = "sqthread_poll_cpu=" + std::to_string(request.sq_thread_cpu) +
                        ": this machine has no such CPU";
                return -EINVAL;
            }
            required |= IORING_SETUP_SQ_AFF;
        }
    }
    const std::span<const unsigned> preferred =
        request.sq_thread ? std::span<const unsigned>(kPreferredFlagsWithSqThread)
                          : std::span<const unsigned>(kPreferredFlags);

    int rc = -EINVAL;
    for (const unsigned optional : preferred) {
        io_uring_params params{};
        params.flags = required | optional;
        if (request.sq_thread_cpu >= 0)
            params.sq_thread_cpu = static_cast<unsigned>(request.sq_thread_cpu);
        rc = io_uring_queue_init_params(entries, &ring, &params);
        if (rc == 0) {
            // Optional: lets each io_uring_enter skip the file-table lookup of the ring.
            io_uring_register_ring_fd(&ring);
            return 0;
        }
        if (rc != -EINVAL) break;
    }
    error = "cannot create an io_uring of " + std::to_string(entries) + " entries";
    if (request.polled_completions) error += " with polled completions (hipri)";
    if (request.sq_thread) error += " with a kernel submission thread (sqthread_poll)";
    error += ": " + explain(-rc, entries);
    return rc;
}

}  // namespace fio::engines
