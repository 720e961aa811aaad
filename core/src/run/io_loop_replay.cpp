// The I/O loop's side of read_iolog: the next I/O comes from the replayed log
// (iolog/replay_source.hpp) instead of the workload's generators, and the log's pauses
// hold it back the way a rate limit does.
#include "run/io_loop.hpp"

#include "iolog/replay_source.hpp"

#include <cerrno>

namespace fio::core {

using sdk::IoUnit;

PacingHold IoLoop::replay_hold(std::uint64_t now) noexcept {
    const std::uint64_t due = replay_->due_after(now);
    if (due == 0) return {};
    // Completions are reaped while the pause lasts (no quiesce), then the loop sleeps.
    return PacingHold{PacingHold::Kind::rate, due, false};
}

bool IoLoop::next_replayed(IoUnit& unit) noexcept {
    if (paced_ && pacer_.enough_ios()) return false;  // number_ios
    std::uint32_t file = 0;
    if (!replay_->next(unit, file)) {
        if (!replay_->failure().empty()) {  // a bad line of a log read in chunks
            if (result_.error == 0) {
                result_.error = EINVAL;
                result_.error_text = replay_->failure();
            }
            failed_ = true;
        }
        return false;
    }
    unit.file = &files_[file < files_.size() ? file : 0];
    unit.ioprio = job_.priority.value();
    return true;
}

}  // namespace fio::core
