// The io_uring engine's options, read once from the parsed option values.
#pragma once

#include <fio/sdk/io_priority.hpp>

#include <fio/sdk/engine.hpp>

#include <cstdint>

namespace fio::engines {

// fixedbufs and registerfiles: left unset, the engine registers when the kernel and the
// locked-memory limit allow it and quietly does without otherwise; set to 1, failing to
// register is an error; set to 0, it never registers.
enum class Registration { automatic, required, off };

struct IoUringSettings {
    std::uint32_t iodepth = 1;
    bool direct = false;
    bool polled_completions = false;      // hipri: IORING_SETUP_IOPOLL
    Registration fixed_buffers = Registration::automatic;  // fixedbufs
    Registration fixed_files = Registration::automatic;    // registerfiles
    bool sq_thread = false;               // sqthread_poll
    int sq_thread_cpu = -1;               // sqthread_poll_cpu; -1 lets the kernel choose
    int nonvectored = -1;                 // 1 READ/WRITE, 0 READV/WRITEV, -1 as the kernel allows
    std::uint32_t force_async_every = 0;  // force_async: every Nth I/O gets IOSQE_ASYNC
    bool nowait = false;                  // RWF_NOWAIT
    bool uncached = false;                // RWF_DONTCACHE
    sdk::CommandPriority priority;
};

IoUringSettings read_io_uring_settings(const sdk::EngineSetup& setup);

}  // namespace fio::engines
