// The I/O loop's accounting of a finished I/O: statistics, latency goals, logs,
// and I/O errors under the job's error options.
#include "run/io_loop.hpp"

#include "debug/debug_log.hpp"
#include "stats/distributions.hpp"
#include "verify/verifier.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace fio::core {

using sdk::IoDirection;
using sdk::IoUnit;

namespace {

// --debug=io: a line per finished I/O. Out of line and cold: the loop reaches it only
// with that type on.
[[gnu::cold, gnu::noinline]] void log_completion(const IoUnit& unit, std::uint64_t now) noexcept {
    static constexpr const char* kNames[] = {"read", "write", "trim", "sync"};
    debug(DebugType::io, "complete: {} file={} offset={} len={} result={} lat={} ns",
          kNames[static_cast<unsigned>(unit.direction) & 3u],
          unit.file != nullptr && unit.file->path != nullptr ? unit.file->path : "-",
          unit.offset, unit.length, unit.result, now - unit.start_ns);
}

}  // namespace

void IoLoop::count_sync_issued(const IoUnit& unit) noexcept {
    // Stock fio 3.33 keeps its issue counts in arrays of four (read, write, trim, sync)
    // indexed by its direction numbers, where fdatasync is 4 and sync_file_range 5:
    // their counts land in the next array, the short-I/O counts of read and write. Its
    // JSON and text reports show them there (and no sync I/Os), so ours do too.
    switch (unit.sync_kind) {
        case sdk::SyncKind::fsync: ++result_.sync_total_ios; break;
        case sdk::SyncKind::fdatasync: ++result_.directions[0].short_ios; break;
        case sdk::SyncKind::file_range: ++result_.directions[1].short_ios; break;
    }
}

void IoLoop::complete_sync(const IoUnit& unit, std::uint64_t now) noexcept {
    count_sync_issued(unit);
    result_.sync_lat.add(now - unit.issue_ns);
}

void IoLoop::complete(IoUnit& unit, std::uint64_t now) noexcept {
    if (debug_enabled(DebugType::io)) [[unlikely]] log_completion(unit, now);
    if (overlaps_) [[unlikely]] overlaps_->release(unit);  // serialize_overlap
    if (unit.result < 0) {
        on_io_error(unit, static_cast<int>(-unit.result));
        return;
    }
    if (unit.direction == IoDirection::sync) [[unlikely]] {
        complete_sync(unit, now);
        return;
    }
    const int dir = static_cast<int>(unit.direction);
    sdk::DirectionResult& stats = result_.directions[dir];
    const auto bytes = moves_data_ ? static_cast<std::uint64_t>(unit.result) : 0;
    if (moves_data_ && bytes < unit.length) [[unlikely]] {
        // Nothing at all moved where the file had data when the job began: it shrank
        // (truncated, a smaller device) during the job. An I/O error, whatever the
        // engine, so that the error options decide and the job cannot run on empty
        // reads. Past that end (a file created empty on open) it stays a short I/O.
        if (bytes == 0 && unit.direction != IoDirection::trim &&
            unit.offset < file_ends_[static_cast<std::size_t>(unit.file - files_.data())]) {
            on_io_error(unit, EIO, IoFailure::nothing_transferred);
            return;
        }
        ++stats.short_ios;
    }
    if (syncs_.tracks_ranges() && unit.direction == IoDirection::write) [[unlikely]] {
        syncs_.completed_write(static_cast<std::size_t>(unit.file - files_.data()), unit.offset,
                               bytes);
    }
    stats.io_bytes += bytes;
    ++stats.total_ios;
    if (measured_.clat) {
        const std::uint64_t clat = now - unit.issue_ns;
        stats.clat.add(clat);
        count_latency(result_, clat);
    }
    if (measured_.lat) stats.lat.add(now - unit.start_ns);
    if (latency_slices_) [[unlikely]] latency_slices_->add(now - unit.start_ns, now);
    if (priorities_.active()) [[unlikely]] {
        priorities_.add(dir, unit.ioprio,
                        priorities_.records_total_latency() ? now - unit.start_ns
                                                            : now - unit.issue_ns);
    }
    if (latency_checked_) [[unlikely]] {
        check_latency(unit, now - unit.start_ns);
    } else if (latency_windows_) [[unlikely]] {
        latency_target_.completed(0);  // counted in the window; nothing to judge it by
    }
    if (logs_) logs_->on_complete(unit, bytes, now, stats.clat.histogram);
    live_.bytes[dir].store(stats.io_bytes, std::memory_order_relaxed);
    live_.ios[dir].store(stats.total_ios, std::memory_order_relaxed);
    if (verify_) [[unlikely]] verify_completed(unit);
    if (paced_) pacer_.completed();
}

namespace {

std::string describe_io_error(const IoUnit& unit, int error, IoFailure failure,
                              const char* engine_text) {
    const bool nothing_moved = failure == IoFailure::nothing_transferred;
    const bool explained = engine_text != nullptr && engine_text[0] != '\0';
    return fmt::format("{} error on file {}: {}{}{}{}: offset={}, length={}{}",
                       unit.direction == IoDirection::read    ? "read"
                       : unit.direction == IoDirection::sync ? "sync"
                       : unit.direction == IoDirection::trim ? "trim"
                                                             : "write",
                       unit.file && unit.file->path ? unit.file->path : "?",
                       std::strerror(error), explained ? " (" : "", explained ? engine_text : "",
                       explained ? ")" : "", unit.offset, unit.length,
                       nothing_moved ? " (no bytes transferred: the file or device ends "
                                       "before this offset)"
                                     : "");
}

}  // namespace

std::string IoLoop::describe_error(const IoUnit& unit, int error, IoFailure failure) const {
    // Only what the engine failed itself (a negative result) is its to explain, and only
    // an engine built against ABI 1.5 or later has the function in its table.
    const char* engine_text = engine_explains_errors_ && failure == IoFailure::error_code
                                  ? engine_.io_error_text(unit)
                                  : nullptr;
    return describe_io_error(unit, error, failure, engine_text);
}

void IoLoop::on_io_error(const IoUnit& unit, int error, IoFailure failure) {
    // Issued, as fio counts them.
    if (unit.direction == IoDirection::sync) {
        count_sync_issued(unit);
    } else {
        ++result_.directions[static_cast<int>(unit.direction)].total_ios;
    }
    ++result_.total_err;
    if (result_.first_error == 0) result_.first_error = error;
    switch (errors_.classify(unit.direction, error)) {
        case ErrorOutcome::carry_on:
            if (errors_.dumps_tolerated_errors()) {
                std::fprintf(stderr, "fio: %s (carrying on)\n", describe_error(unit, error, failure).c_str());
            }
            if (result_.error == 0) {
                result_.error = error;
                result_.error_text = describe_error(unit, error, failure);
                result_.error_tolerated = true;
            }
            return;
        case ErrorOutcome::job_done:
            // fill_device: the file system is full, which is what the job waited for.
            if (!failed_) std::fprintf(stderr, "fio: %s\n", describe_error(unit, error, failure).c_str());
            failed_ = true;  // stops issuing; not a failure (no error is recorded)
            return;
        case ErrorOutcome::fatal:
            record_error(unit, error, failure);
            return;
    }
}

void IoLoop::record_error(const IoUnit& unit, std::int64_t error, IoFailure failure) {
    failed_ = true;
    if (result_.error != 0 && !result_.error_tolerated) return;
    result_.error = static_cast<std::int32_t>(error);
    result_.error_text = describe_error(unit, static_cast<int>(error), failure);
    result_.error_tolerated = false;
}

void IoLoop::fail_on_latency(const IoUnit& unit, std::uint64_t latency, std::uint64_t limit,
                             const char* option) noexcept {
    failed_ = true;
    if (result_.error != 0 && !result_.error_tolerated) return;
    result_.error = ETIMEDOUT;
    result_.error_text = fmt::format(
        "{} I/O on {} at offset {} took {} ns, more than the {} ns {} allows",
        unit.direction == IoDirection::read ? "read" : unit.direction == IoDirection::write ? "write" : "trim",
        unit.file && unit.file->path ? unit.file->path : "?", unit.offset, latency, limit, option);
    result_.error_tolerated = false;
}

void IoLoop::check_latency(const IoUnit& unit, std::uint64_t latency) noexcept {
    const std::uint64_t max = job_.latency.max_ns[static_cast<int>(unit.direction)];
    if (max && latency > max) fail_on_latency(unit, latency, max, "max_latency");
    if (!latency_windows_ || latency_draining_) return;
    switch (latency_target_.completed(latency)) {
        case LatencyTarget::Step::shallower:
            latency_step_ = LatencyTarget::Step::shallower;
            depth_limit_ = 0;  // nothing more is issued until the queue is drained
            break;
        case LatencyTarget::Step::fatal:
            fail_on_latency(unit, latency, job_.latency.target_ns, "latency_target at depth 1");
            break;
        default:
            break;
    }
}

void IoLoop::check_latency_window(std::uint64_t now) noexcept {
    if (ramp_end_ns_ || latency_step_ != LatencyTarget::Step::none) return;  // as stock: not in ramp_time
    const LatencyTarget::Step step = latency_target_.check(now);
    switch (step) {
        case LatencyTarget::Step::deeper:
            depth_limit_ = latency_target_.depth();
            break;
        case LatencyTarget::Step::shallower:
        case LatencyTarget::Step::final_run:
            latency_step_ = step;
            depth_limit_ = 0;
            break;
        case LatencyTarget::Step::done:
            deadline_ns_ = now;  // the depth is found and held for a whole window
            break;
        default:
            break;
    }
}

}  // namespace fio::core
