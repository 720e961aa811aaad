// trim_percentage / trim_backlog / trim_backlog_batch: which verified writes are
// trimmed, and when. A share of the blocks a verifying job wrote is picked (each with
// probability trim_percentage), and every trim_backlog written blocks the next
// trim_backlog_batch of the picked ones (default: trim_backlog) become due, oldest
// first. Plain arithmetic over sequence numbers, so that the Verifier owns the blocks
// and this class only the counting (unit-tested on its own).
#pragma once

#include "workload/rng.hpp"

#include <cstdint>
#include <vector>

namespace fio::core {

class TrimSchedule {
public:
    // `percentage` 0..100; `backlog` 0: nothing is ever due (as stock, which trims
    // only at trim_backlog points); `batch` 0: `backlog` per point.
    TrimSchedule(unsigned percentage, std::uint64_t backlog, std::uint64_t batch,
                 std::uint64_t seed) noexcept;

    // Whether the schedule can ever trim anything.
    bool active() const noexcept { return percentage_ > 0 && backlog_ > 0; }

    // A written block (known to the caller by `sequence`) completed: draws whether it
    // is to be trimmed, and counts it towards the next trim_backlog point.
    void written(std::uint64_t sequence);

    // The oldest picked block whose trim is due now, taken off the list; false when
    // none is due (no credit left, or nothing picked).
    bool take(std::uint64_t& sequence) noexcept;

    // Forgets every picked block: the check phase began, and blocks still waiting are
    // checked for their data, as stock leaves them untrimmed.
    void clear() noexcept;

    std::uint64_t pending() const noexcept { return picked_.size() - next_; }
    std::uint64_t credit() const noexcept { return credit_; }

private:
    unsigned percentage_;
    std::uint64_t backlog_;
    std::uint64_t batch_;
    Rng rng_;
    std::vector<std::uint64_t> picked_;  // picked_[next_..] wait for their trim
    std::size_t next_ = 0;
    std::uint64_t since_point_ = 0;      // written blocks since the last backlog point
    std::uint64_t credit_ = 0;           // trims due now
};

}  // namespace fio::core
