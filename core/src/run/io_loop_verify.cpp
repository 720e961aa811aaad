// The I/O loop's side of verification: switching to the check phase, walking the
// workload without I/O for verify_only, and turning a failed check into the job's
// error. The checking itself is the Verifier's.
#include "run/io_loop.hpp"

#include "verify/verifier.hpp"

#include <cerrno>

namespace fio::core {

bool IoLoop::enter_verify_phase() noexcept {
    if (verify_phase_ || stop_.load(std::memory_order_relaxed) || !verify_->has_final_checks()) {
        return false;
    }
    verify_phase_ = true;
    // The checks are not part of the timed workload: runtime does not cut them short.
    deadline_ns_ = ~0ull;
    ramp_end_ns_ = 0;
    live_.state.store('V', std::memory_order_relaxed);
    return true;
}

void IoLoop::pretend_workload() noexcept {
    // As stock fio's verify_only: the writes are remembered as if done, reads skipped.
    sdk::IoUnit unit;
    unit.index = units_.front().index;
    while (next_io(unit)) {
        if (unit.direction == sdk::IoDirection::write) verify_->pretend_write(unit);
    }
}

void IoLoop::verify_completed(sdk::IoUnit& unit) noexcept {
    if (verify_->completed(unit)) return;
    failed_ = true;
    if (result_.error != 0) return;
    result_.error = EILSEQ;  // as stock fio: "Invalid or incomplete multibyte or wide character"
    result_.error_text = verify_->failure_text();
}

}  // namespace fio::core
