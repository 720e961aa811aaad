// Burns one CPU for a given time: the work of one cpuio "I/O".
#pragma once

#include <cstdint>
#include <vector>

namespace fio::engines {

enum class CpuMode : std::uint8_t { noop, qsort };

class CpuBurner {
public:
    CpuBurner(CpuMode mode, std::uint64_t seed);

    // Keeps the CPU busy until `until_ns` (sdk::monotonic_ns time) has passed.
    void burn_until(std::uint64_t until_ns);

private:
    // qsort: sorts a freshly shuffled array, a load that keeps the caches and the
    // branch predictor busy (fio's reason for offering it: it draws more power).
    void sort_once();

    CpuMode mode_;
    std::uint64_t state_;
    std::vector<std::uint64_t> values_;
};

}  // namespace fio::engines
