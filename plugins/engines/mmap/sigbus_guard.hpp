// Copies to and from a file mapping without letting SIGBUS end the process.
//
// Touching a mapped page the kernel cannot back raises SIGBUS: the file was truncated
// under the mapping (another process shrank it during the job), or the device failed
// to read the page. Either is an I/O error of one I/O, not a reason for the whole run
// (and every other job's results) to die. While a guard exists, a SIGBUS raised by a
// guarded copy on the copying thread makes that copy return -EIO; any other SIGBUS goes
// to the handler that was installed before (by default, the process ends as before).
#pragma once

#include <cstddef>

namespace fio::mmap_engine {

// Installs the SIGBUS handler while at least one guard lives (one per engine).
class SigbusGuard {
public:
    SigbusGuard();
    ~SigbusGuard();
    SigbusGuard(const SigbusGuard&) = delete;
    SigbusGuard& operator=(const SigbusGuard&) = delete;

    // memcpy(to, from, length); 0, or -EIO when a page could not be read or written.
    static int copy(void* to, const void* from, std::size_t length) noexcept;
};

}  // namespace fio::mmap_engine
