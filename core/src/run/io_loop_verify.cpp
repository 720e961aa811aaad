// The I/O loop's side of verification: switching to the check phase, walking the
// workload without I/O for verify_only, and turning a failed check into the job's
// error. The checking itself is the Verifier's.
#include "run/io_loop.hpp"

#include "verify/verifier.hpp"

#include <cerrno>

namespace fio::core {
bool IoLoop::loop_check_due() const noexcept {
    // As stock fio, each loop's writes are checked before the next loop starts (with
    // experimental_verify, each pass's before the next pass).
    if (job_.time_based || !verify_->has_final_checks()) return false;
    return bytes_issued_ >= next_loop_check_at_ || (check_each_pass_ && passes_complete());
}

bool IoLoop::switch_verify_phase() noexcept {
    if (!verify_->settle()) {  // a verify_async helper found a bad block
        record_verify_failure();
        return false;
    }
    // Stopped, or ended by another job (exitall): no further phase. Checking only stop_
    // here once made a terminated job flip between phases without end.
    if (stopping()) return false;
    if (verify_phase_) {
        if (job_.time_based || bytes_issued_ >= bytes_budget_) return false;  // every loop done
        verify_phase_ = false;
        verify_->end_check_phase();
        if (verify_->replays()) {  // experimental_verify: back to where the workload was
            swap_replay_state();
            keep_replay_start();
        }
        deadline_ns_ = workload_deadline_ns_;
        ramp_end_ns_ = workload_ramp_end_ns_;
        // The end of the loop under way: a pass checked mid-loop (experimental_verify)
        // leaves the loop's own end where it is.
        while (next_loop_check_at_ <= bytes_issued_ && per_loop_bytes_ != 0) {
            next_loop_check_at_ += per_loop_bytes_;
        }
        live_.state.store(workload_letter(job_.rw), std::memory_order_relaxed);
        if (!job_.verify.verify_only) return true;
        pretend_workload();  // verify_only: the next loop's writes, remembered
    }
    if (!verify_->has_final_checks()) return false;
    verify_phase_ = true;
    if (verify_->replays()) {  // experimental_verify: replay the loop from its start
        swap_replay_state();
        restart_passes();  // as the loop did when it began
        verify_->start_replay();
    }
    // The checks are not part of the timed workload: runtime does not cut them short.
    workload_deadline_ns_ = deadline_ns_;
    workload_ramp_end_ns_ = ramp_end_ns_;
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
    if (!verify_->completed(unit)) record_verify_failure();
}

void IoLoop::record_verify_failure() noexcept {
    failed_ = true;
    if (result_.error != 0) return;
    result_.error = EILSEQ;  // as stock fio: "Invalid or incomplete multibyte or wide character"
    result_.error_text = verify_->failure_text();
}

}  // namespace fio::core
