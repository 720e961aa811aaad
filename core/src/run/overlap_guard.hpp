// serialize_overlap: an I/O is not issued while an I/O of the same job that is in
// flight covers any byte of it in the same file; stock fio holds it back until the
// overlapping one has completed, and so does the loop. The guard remembers the range
// of each I/O from the moment the loop claims it for issue until it completes, one
// slot per I/O unit, so a check looks at iodepth slots at most. Jobs without
// serialize_overlap have no guard and the loop pays one predictable branch for it.
#pragma once

#include <fio/sdk/engine.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fio::core {

class OverlapGuard {
public:
    // `units`: the job's I/O units; every IoUnit::index is below it.
    explicit OverlapGuard(std::size_t units) : ranges_(units) {}

    // True, and `unit` counts as in flight, when no I/O in flight overlaps it; false
    // (nothing recorded) when one does. An I/O of no bytes (a sync) overlaps nothing.
    bool claim(const sdk::IoUnit& unit) noexcept;

    // `unit` is no longer in flight (completed, or never issued after a claim).
    void release(const sdk::IoUnit& unit) noexcept { ranges_[unit.index] = Range{}; }

private:
    struct Range {
        const sdk::FileHandle* file = nullptr;  // null: the unit is not in flight
        std::uint64_t begin = 0;
        std::uint64_t end = 0;
    };
    std::vector<Range> ranges_;  // by IoUnit::index
};

}  // namespace fio::core
