#include "run/overlap_guard.hpp"

namespace fio::core {

bool OverlapGuard::claim(const sdk::IoUnit& unit) noexcept {
    if (unit.length == 0) return true;
    const std::uint64_t begin = unit.offset;
    const std::uint64_t end = unit.offset + unit.length;
    for (const Range& range : ranges_) {
        // Half-open ranges overlap when each starts before the other ends.
        if (range.file == unit.file && begin < range.end && range.begin < end) return false;
    }
    ranges_[unit.index] = Range{unit.file, begin, end};
    return true;
}

}  // namespace fio::core
