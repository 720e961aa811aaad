// Creating the io_uring instance: ring sizes for the job's iodepth, and the cheapest
// completion mode this kernel accepts.
#pragma once

#include <liburing.h>

#include <cstdint>
#include <string>

namespace fio::engines {

struct RingRequest {
    std::uint32_t iodepth = 1;
    bool polled_completions = false;  // IORING_SETUP_IOPOLL
    bool sq_thread = false;           // IORING_SETUP_SQPOLL
    int sq_thread_cpu = -1;           // IORING_SETUP_SQ_AFF when >= 0
};

// Returns 0 with `ring` initialised, or -errno with `error` saying what failed and why.
int create_ring(io_uring& ring, const RingRequest& request, std::string& error);

}  // namespace fio::engines
