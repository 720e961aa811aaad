#include "verify/trim_schedule.hpp"

namespace fio::core {

TrimSchedule::TrimSchedule(unsigned percentage, std::uint64_t backlog, std::uint64_t batch,
                           std::uint64_t seed) noexcept
    : percentage_(percentage > 100 ? 100 : percentage),
      backlog_(backlog),
      batch_(batch != 0 ? batch : backlog),
      rng_(seed ^ 0x7A1B5EEDull) {}

void TrimSchedule::written(std::uint64_t sequence) {
    if (!active()) return;
    if (rng_.below(100) < percentage_) {
        // Drop the taken front now and then, so a long job's list stays short.
        if (next_ > 4096 && next_ * 2 > picked_.size()) {
            picked_.erase(picked_.begin(), picked_.begin() + static_cast<std::ptrdiff_t>(next_));
            next_ = 0;
        }
        picked_.push_back(sequence);
    }
    if (++since_point_ == backlog_) {
        since_point_ = 0;
        credit_ += batch_;
    }
}

bool TrimSchedule::take(std::uint64_t& sequence) noexcept {
    if (credit_ == 0 || next_ == picked_.size()) return false;
    --credit_;
    sequence = picked_[next_++];
    return true;
}

void TrimSchedule::clear() noexcept {
    picked_.clear();
    next_ = 0;
}

}  // namespace fio::core
