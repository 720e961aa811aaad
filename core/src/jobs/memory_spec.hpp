// The memory behind a job's I/O buffers (mem/iomem, iomem_align, hugepage-size) and
// the memory it pins (lockmem).
#pragma once

#include <cstdint>
#include <string>

namespace fio::core {

enum class MemoryType { malloc, shm, shmhuge, mmap, mmaphuge, mmapshared };

struct MemorySpec {
    MemoryType type = MemoryType::malloc;
    std::string file;                         // mmap and mmaphuge: back the buffers by it
    std::uint64_t align = 0;                  // first buffer this far past a page boundary
    std::uint64_t huge_page_size = 2 << 20;   // huge allocations are multiples of it
    std::uint64_t lock_bytes = 0;             // mlock this much per thread (lockmem)

    bool operator==(const MemorySpec&) const = default;
};

}  // namespace fio::core
