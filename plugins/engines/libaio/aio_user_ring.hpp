// userspace_reap: the kernel publishes AIO completions in a ring mapped into the process
// (an io_context_t is that ring's address). Reading it directly takes completions that
// are already there without a system call; io_getevents is only needed to wait.
#pragma once

#include <fio/sdk/engine.hpp>

#include <libaio.h>

#include <string>

namespace fio::engines {

class AioUserRing {
public:
    // Returns an empty string when `context`'s ring has the layout this class reads,
    // otherwise why it cannot be read.
    static std::string check(io_context_t context);

    void attach(io_context_t context) noexcept { ring_ = reinterpret_cast<Header*>(context); }

    // Moves up to `max` completions into `out` (results stored in the units).
    unsigned reap(unsigned max, sdk::IoUnit** out) noexcept;

private:
    // The kernel's struct aio_ring (fs/aio.c), followed by `nr` io_events.
    struct Header {
        unsigned id;
        unsigned nr;
        unsigned head;  // next completion to read; advanced by whoever reads
        unsigned tail;  // one past the newest completion; advanced by the kernel
        unsigned magic;
        unsigned compat_features;
        unsigned incompat_features;
        unsigned header_length;
    };
    Header* ring_ = nullptr;
};

}  // namespace fio::engines
