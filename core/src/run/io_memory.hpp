// The memory a job thread's I/O buffers live in, of the kind mem= asks for: heap
// (malloc), System V shared memory (shm, shmhuge), or a mapping (mmap, anonymous or of
// a file; mmaphuge; mmapshared). One area per thread, page-aligned, released when the
// object dies. Also the memory lockmem pins.
#pragma once

#include "jobs/memory_spec.hpp"

#include <cstddef>
#include <stdexcept>
#include <string>

namespace fio::core {

struct IoMemoryError : std::runtime_error {
    IoMemoryError(int error_number, const std::string& what)
        : std::runtime_error(what), error(error_number) {}
    int error;
};

class IoMemory {
public:
    // At least `bytes` of memory of `spec.type`. Throws IoMemoryError saying what failed
    // and, for huge pages, where to allocate some.
    IoMemory(const MemorySpec& spec, std::size_t bytes);
    ~IoMemory();
    IoMemory(const IoMemory&) = delete;
    IoMemory& operator=(const IoMemory&) = delete;

    std::byte* data() const noexcept { return data_; }
    std::size_t size() const noexcept { return size_; }

private:
    MemoryType type_;
    std::byte* data_ = nullptr;
    std::size_t size_ = 0;
    std::string created_file_;  // an mmap file this object made: removed at the end
};

// lockmem: `bytes` of anonymous memory held locked in RAM until the object dies.
class LockedMemory {
public:
    explicit LockedMemory(std::size_t bytes);  // 0: nothing. Throws IoMemoryError.
    ~LockedMemory();
    LockedMemory(const LockedMemory&) = delete;
    LockedMemory& operator=(const LockedMemory&) = delete;

private:
    void* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace fio::core
