// experimental_verify: instead of a list of the blocks a loop wrote, the check phase
// replays the loop's workload. The generators' state is kept as each loop begins; the
// check phase swaps it in, draws the same I/Os again in the same order, turns each
// write into the read that checks it and skips the rest (as stock fio replays with
// its random generators reset), then swaps the workload's own state back.
#include "run/io_loop.hpp"

#include "verify/verifier.hpp"

#include <utility>

namespace fio::core {

using sdk::IoDirection;
using sdk::IoUnit;

void IoLoop::keep_replay_start() {
    steered_draws_.clear();
    draws_ = 0;
    if (!replay_start_) {
        replay_start_.emplace(WorkloadState{generators_, block_sizes_, direction_rng_,
                                            chooser_, zones_});
        return;
    }
    // Assigned member by member: the kept maps reuse their memory from loop to loop.
    replay_start_->generators = generators_;
    replay_start_->block_sizes = block_sizes_;
    replay_start_->direction_rng = direction_rng_;
    replay_start_->chooser = chooser_;
    replay_start_->zones = zones_;
}

void IoLoop::swap_replay_state() noexcept {
    std::swap(generators_, replay_start_->generators);
    std::swap(block_sizes_, replay_start_->block_sizes);
    std::swap(direction_rng_, replay_start_->direction_rng);
    std::swap(chooser_, replay_start_->chooser);
    std::swap(zones_, replay_start_->zones);
    draws_ = 0;
    next_steered_ = 0;
}

IoDirection IoLoop::steer(IoDirection drawn) noexcept {
    if (!replay_start_) [[likely]] return pacer_.steer(drawn);
    // The pacer steers by the time, which a replay cannot repeat: it repeats the draws
    // the workload had steered instead (the pacer only ever swaps reads and writes).
    const std::uint64_t draw = draws_++;
    if (verify_phase_) {
        if (next_steered_ == steered_draws_.size() || steered_draws_[next_steered_] != draw) {
            return drawn;
        }
        ++next_steered_;
        return drawn == IoDirection::read ? IoDirection::write : IoDirection::read;
    }
    const IoDirection steered = pacer_.steer(drawn);
    if (steered != drawn) steered_draws_.push_back(draw);
    return steered;
}

bool IoLoop::passes_complete() const noexcept {
    for (const auto& generator : generators_) {
        if (!generator.pass_complete()) return false;
    }
    return true;
}

bool IoLoop::replay_next_check(IoUnit& unit) noexcept {
    bool restarted = false;
    while (verify_->replay_wants_more()) {
        if (!prepare_next(unit)) {
            // The workload went on into another pass (a pass that ended early, or
            // random overwrites without a map); a whole pass without a write means
            // the replay cannot find what was written: it ends.
            if (restarted) return false;
            restart_passes();
            restarted = true;
            if (!prepare_next(unit)) return false;
        }
        if (unit.direction != IoDirection::write) continue;  // reads are not checked
        verify_->replay_check(unit);
        return true;
    }
    return false;
}

}  // namespace fio::core
