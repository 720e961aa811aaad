#include "run/pacer.hpp"

#include <fio/sdk/clock.hpp>

#include <fmt/format.h>

#include <sys/prctl.h>
#include <time.h>

#include <algorithm>

namespace fio::core {

using sdk::IoDirection;
using sdk::monotonic_ns;

namespace {

// Sleeps are cut into steps of at most this, so Ctrl-C and exitall are not held up.
constexpr std::uint64_t kLongestSleepNs = 50'000'000;
// Timer slack while pacing: the kernel's default 50 us would blur short rate gaps.
constexpr unsigned long kPacingTimerSlackNs = 1000;

// Sleeps until `until` (monotonic ns), or until `stop`/`terminate` is seen.
std::uint64_t sleep_until(std::uint64_t until, const std::atomic<bool>& stop,
                          const std::atomic<bool>& terminate) {
    while (true) {
        const std::uint64_t now = monotonic_ns();
        if (now >= until || stop.load(std::memory_order_relaxed) ||
            terminate.load(std::memory_order_relaxed)) {
            return now;
        }
        const std::uint64_t step = std::min(until, now + kLongestSleepNs);
        timespec wake{static_cast<time_t>(step / 1'000'000'000),
                      static_cast<long>(step % 1'000'000'000)};
        ::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &wake, nullptr);
    }
}

// The directions a job really issues: a mixed job with rwmixread=100 never writes.
std::array<bool, 3> issued_directions(const JobSpec& job) {
    const bool mixed = reads(job.rw) && writes(job.rw);
    return {reads(job.rw) && (!mixed || job.rwmix_read > 0),
            writes(job.rw) && (!mixed || job.rwmix_read < 100), trims(job.rw)};
}

}  // namespace

void check_pacing(const JobSpec& job) {
    const PacingSpec& p = job.pacing;
    for (int dir = 0; dir < 3; ++dir) {
        if (p.rate_bps[dir] && p.rate_min_bps[dir] > p.rate_bps[dir]) {
            throw PacingError(fmt::format("rate_min ({} B/s) is above rate ({} B/s) for {}",
                                          p.rate_min_bps[dir], p.rate_bps[dir],
                                          dir == 0 ? "reads" : dir == 1 ? "writes" : "trims"));
        }
        if (p.rate_iops[dir] && p.rate_iops_min[dir] > p.rate_iops[dir]) {
            throw PacingError(fmt::format("rate_iops_min ({}) is above rate_iops ({}) for {}",
                                          p.rate_iops_min[dir], p.rate_iops[dir],
                                          dir == 0 ? "reads" : dir == 1 ? "writes" : "trims"));
        }
    }
    if (p.thinktime_spin_ns > p.thinktime_ns && p.thinktime_ns) {
        throw PacingError(fmt::format("thinktime_spin ({} us) is longer than thinktime ({} us)",
                                      p.thinktime_spin_ns / 1000, p.thinktime_ns / 1000));
    }
}

Pacer::Pacer(const JobSpec& job, bool queues_io, std::uint64_t seed)
    : spec_(job.pacing), directions_(issued_directions(job)), min_rate_(job.pacing, directions_, 0) {
    offload_ = spec_.submit_mode == SubmitMode::offload;
    trims_uncounted_ = trim_then_write(job.rw);
    for (int dir = 0; dir < sdk::kDataDirections; ++dir) {
        // As fio: a byte rate wins over an I/O rate; an I/O rate counts in block sizes.
        const std::uint64_t bps = spec_.rate_bps[dir] ? spec_.rate_bps[dir]
                                                      : spec_.rate_iops[dir] * job.block_size[dir];
        // As stock, the write rate alone paces a trimwrite job (each trim and its write).
        if (!directions_[dir] || bps == 0 || (trims_uncounted_ && dir == 2)) continue;
        schedules_[dir] = RateSchedule(bps, job.block_size[dir], spec_.rate_process,
                                       seed ^ (0x9E3779B97F4A7C15ull * (dir + 1)));
        rate_limited_ = true;
    }
    // offload only changes how the loop waits for a rate's next issue time (it keeps
    // its I/Os in flight meanwhile); without a rate it changes nothing, so only a rate
    // that an engine completing I/O inside submission cannot run ahead of is refused.
    if (offload_ && rate_limited_ && !queues_io) {
        throw PacingError(fmt::format(
            "io_submit_mode=offload: ioengine={} completes each I/O as it is submitted, so "
            "submission cannot run ahead of completion at the rate asked for here; use an "
            "engine that queues I/O (libaio, io_uring) with iodepth > 1, or "
            "io_submit_mode=inline",
            job.ioengine));
    }
    if (spec_.number_ios && !job.time_based) ios_budget_ = spec_.number_ios * job.loops;
    thinks_ = spec_.thinktime_ns != 0;
    think_by_blocks_ = !(spec_.thinktime_iotime_ns && !spec_.thinktime_blocks_given);
    active_ = rate_limited_ || min_rate_.enabled() || thinks_ || ios_budget_;
}

void Pacer::start(std::uint64_t now) {
    start_ns_ = now;
    io_since_ns_ = now;
    min_rate_ = MinRateCheck(spec_, directions_, now);
    if (rate_limited_ || thinks_) ::prctl(PR_SET_TIMERSLACK, kPacingTimerSlackNs);
}

PacingHold Pacer::hold(std::uint64_t now, const sdk::JobResult& result) {
    now_ = now;
    if (min_rate_.due(now)) {
        std::array<std::uint64_t, 3> bytes{};
        std::array<std::uint64_t, 3> ios{};
        for (int dir = 0; dir < 3; ++dir) {
            bytes[dir] = result.directions[dir].io_bytes;
            ios[dir] = result.directions[dir].total_ios;
        }
        failure_ = min_rate_.check(now, bytes, ios);
        if (!failure_.empty()) return {PacingHold::Kind::failed, 0, false};
    }
    if (thinks_ && think_due(now)) return {PacingHold::Kind::think, 0, true};
    if (rate_limited_) {
        std::uint64_t earliest = ~0ull;
        for (int dir = 0; dir < sdk::kDataDirections; ++dir) {
            if (!directions_[dir] || (trims_uncounted_ && dir == 2)) continue;
            earliest = std::min(earliest, due(dir));
        }
        if (earliest > now) return {PacingHold::Kind::rate, earliest, !offload_};
    }
    return {};
}

std::uint64_t Pacer::due(int dir) const noexcept {
    return schedules_[dir].limited() ? start_ns_ + schedules_[dir].due_ns() : 0;
}

IoDirection Pacer::steer(IoDirection wanted) const noexcept {
    if (!rate_limited_) return wanted;
    const int dir = static_cast<int>(wanted);
    if (dir > 1 || due(dir) <= now_) return wanted;
    const int other = dir ^ 1;
    if (directions_[other] && due(other) < due(dir)) return static_cast<IoDirection>(other);
    return wanted;
}

void Pacer::issued(IoDirection direction, std::uint64_t bytes) noexcept {
    // As stock, number_ios=N makes a trimwrite job do N writes, each after its trim.
    if (!(trims_uncounted_ && direction == IoDirection::trim)) ++ios_issued_;
    ++issued_since_think_;
    if (rate_limited_) schedules_[static_cast<int>(direction)].issued(bytes);
}

void Pacer::drop_flow_backlog(std::uint64_t now, std::uint64_t held_ns) noexcept {
    if (!rate_limited_) return;
    for (int dir = 0; dir < sdk::kDataDirections; ++dir) {
        if (!schedules_[dir].limited()) continue;
        const std::uint64_t due_at = due(dir);
        if (due_at < now) schedules_[dir].skip(std::min(now - due_at, held_ns));
    }
}

bool Pacer::think_due(std::uint64_t now) const noexcept {
    if (think_by_blocks_) {
        const std::uint64_t counted = spec_.thinktime_blocks_type == ThinktimeCount::issue
                                          ? issued_since_think_
                                          : completed_since_think_;
        if (counted >= spec_.thinktime_blocks) return true;
    }
    // io_since_ns_ may come from CLOCK_MONOTONIC (the end of a think) and the loop's
    // clock may read a few microseconds behind it (run/io_clock.hpp).
    return spec_.thinktime_iotime_ns && now > io_since_ns_ &&
           now - io_since_ns_ >= spec_.thinktime_iotime_ns;
}

std::uint64_t Pacer::think(std::uint64_t now, std::uint64_t deadline_ns,
                           const std::atomic<bool>& stop, const std::atomic<bool>& terminate) {
    const std::uint64_t began = now;
    const std::uint64_t end = std::min(began + spec_.thinktime_ns, deadline_ns);
    // thinktime_spin: pretend to process the data on the CPU, then sleep the rest.
    const std::uint64_t spin_end = std::min(began + spec_.thinktime_spin_ns, end);
    while (now < spin_end && !stop.load(std::memory_order_relaxed) &&
           !terminate.load(std::memory_order_relaxed)) {
        now = monotonic_ns();
    }
    now = sleep_until(end, stop, terminate);
    issued_since_think_ = 0;
    completed_since_think_ = 0;
    io_since_ns_ = now;
    if (spec_.rate_ignore_thinktime) {
        for (auto& schedule : schedules_) schedule.skip(now - began);
    }
    return now;
}

std::uint64_t Pacer::wait(const PacingHold& hold, std::uint64_t now, std::uint64_t deadline_ns,
                          const std::atomic<bool>& stop, const std::atomic<bool>& terminate) {
    switch (hold.kind) {
        case PacingHold::Kind::rate:
            return sleep_until(std::min(hold.until_ns, deadline_ns), stop, terminate);
        case PacingHold::Kind::think:
            return think(now, deadline_ns, stop, terminate);
        case PacingHold::Kind::none:
        case PacingHold::Kind::failed:
            break;
    }
    return now;
}

}  // namespace fio::core
