// The I/O loop's driver: keeps the engine's queue filled, submits and reaps, takes the
// periodic samples and waits out pacing and flow holds. Choosing the next I/O is in
// io_loop_next.cpp, accounting a finished one in io_loop_completion.cpp.
#include "run/io_loop.hpp"

#include "debug/debug_log.hpp"
#include "iolog/iolog_writer.hpp"
#include "run/file_setup.hpp"
#include "run/reap_bounds.hpp"
#include "run/steady_state.hpp"
#include "stats/distributions.hpp"
#include "verify/verifier.hpp"
#include "workload/block_size_chooser.hpp"
#include "workload/offset_shape.hpp"

#include <fio/sdk/clock.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <chrono>
#include <thread>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include <unistd.h>

namespace fio::core {

using sdk::monotonic_ns;
namespace {

// The TSC's rate when this loop may time with the TSC (run/tsc_clock.hpp): not when the
// engine stamps issue times itself (with sdk::monotonic_ns, which the stamps of the
// loop must then match), nor when the job asks for clock_gettime or gettimeofday.
std::optional<std::uint64_t> tsc_rate_for(const JobSpec& job, const sdk::Engine& engine) {
    if (engine.traits().sets_issue_time) return std::nullopt;
    if (job.measure.clocksource == ClockSource::clock_gettime ||
        job.measure.clocksource == ClockSource::gettimeofday) {
        return std::nullopt;
    }
    return tsc_ns_per_tick_q32();
}

using sdk::IoDirection;
using sdk::IoUnit;
using sdk::QueueStatus;

// The sampling tick when bwavgtime and iopsavgtime are longer (their default is this
// too): steady state and the TSC's steering are judged this often.
constexpr std::uint64_t kSampleWindowNs = 500'000'000;
// A reap waits at most this long before the loop checks for stop and runtime again.
constexpr std::int64_t kReapTimeoutNs = 250'000'000;

}  // namespace

IoLoop::IoLoop(const JobSpec& job, sdk::Engine& engine, std::vector<sdk::FileHandle>& files,
               std::vector<sdk::IoUnit>& units, std::uint64_t bytes_per_file,
               std::uint64_t file_offset, std::uint64_t seed, sdk::JobResult& result,
               LiveProgress& live,
               const std::atomic<bool>& stop, const std::atomic<bool>& terminate)
    : job_(job),
      engine_(engine),
      files_(files),
      units_(units),
      result_(result),
      live_(live),
      stop_(stop),
      terminate_(terminate),
      errors_(job),
      file_offset_(file_offset),
      block_sizes_(job, seed ^ 0x3C6EF372FE94F82Bull),
      direction_rng_(seed ^ 0x5DEECE66Dull),
      chooser_(job.file_service, files.size(), seed),
      measured_(job.measure),
      clock_(measured_.any(), tsc_rate_for(job, engine)),
      syncs_(job.syncs, files.size()),
      pacer_(job, !engine.traits().completes_in_queue, seed),
      paced_(pacer_.active()),
      latency_target_(job.latency, static_cast<std::uint32_t>(units.size())),
      series_(measured_.clat && (job.logs.lat.enabled || job.logs.hist.enabled)) {
    // As stock, the goals are judged on the total latency, so only when it is measured.
    latency_checked_ = measured_.lat && (latency_target_.active() || job.latency.limits_latency());
    latency_windows_ = latency_target_.active();
    depth_limit_ = latency_target_.depth();
    budget_direction_ = budget_direction(job.rw);
    endless_ = job.time_based;
    // Stock resets a random file's map when it is full under time_based (or with a
    // non-uniform file choice) instead of closing the file; served in turn, that is the
    // same as a new pass over all files, which is what roundrobin keeps doing.
    files_wrap_ = chooser_.wraps_files() ||
                  (job.time_based && is_random(job.rw) &&
                   job.file_service.kind != FileService::roundrobin);
    const OffsetShape shape = offset_shape(job, bytes_per_file);
    // percentage_random: one share for every direction the job issues, or one each.
    bool first_direction = true;
    for (int dir = 0; dir < sdk::kDataDirections; ++dir) {
        if (!issues(job.rw, dir)) continue;
        const unsigned share = job.shapes.random_share[dir];
        if (!first_direction && share != random_share_) random_share_by_direction_ = true;
        random_share_ = first_direction ? share : std::min(random_share_, share);
        first_direction = false;
    }
    generators_.reserve(files_.size());
    for (std::size_t i = 0; i < files_.size(); ++i) generators_.emplace_back(shape, seed + i);
    const auto depth = static_cast<std::uint32_t>(units_.size());
    batch_submit_limit_ = job.iodepth_batch_submit ? job.iodepth_batch_submit : depth;
    complete_min_ = std::max<std::uint32_t>(1, job.iodepth_batch_complete_min);
    complete_max_ = job.iodepth_batch_complete_max ? job.iodepth_batch_complete_max : depth;
    refill_level_ = job.iodepth_low ? std::min(job.iodepth_low, depth - 1) : depth - 1;
    engine_sets_issue_time_ = engine.traits().sets_issue_time;
    syncs_at_loop_end_ = (job.syncs.end_fsync || job.syncs.fsync_on_close) && writes(job.rw);
    read_clock_at_issue_ = engine.traits().completes_in_queue && measured_.clat;
    const std::uint64_t pass_bytes = bytes_per_file * files_.size();
    // Per loop: io_size (which may exceed the files: the job then makes several
    // passes); else one pass over the files, which size= sized (as stock, a size=
    // larger than the files that filesize= caps gives no second pass).
    const std::uint64_t per_loop = job.io_size ? job.io_size : pass_bytes;
    bytes_budget_ = per_loop * job.loops;
    per_loop_bytes_ = per_loop;
    // As stock fio, a loop that fits in one pass ends with it (a random map filled by
    // I/Os of varying sizes ends the loop a little short of size); with io_size larger
    // than the region, passes repeat within the loop.
    pass_ends_loop_ = per_loop <= pass_bytes;
    // zonemode=zbd with zoneskip: a sequential job walks the zones as zonemode=strided
    // does (fio moves a zone plus zoneskip on after zonesize bytes, wrapping at the end
    // of the file); the zones then place each I/O.
    const bool zbd_walk = job.zones.mode == ZoneMode::zbd && job.zones.skip != 0 &&
                          !is_random(job.rw);
    if ((job.zones.mode == ZoneMode::strided || zbd_walk) && !files_.empty()) {
        // Zones run up to the file's real end, which may lie past the job's region (a
        // diskless engine's "file" is filesize= bytes).
        const std::uint64_t region_end = file_offset_ + bytes_per_file;
        const std::uint64_t file_end =
            files_[0].fd >= 0 ? file_size_or_zero(files_[0].fd) : job.file_size;
        const std::uint64_t end = std::max(region_end, file_end);
        ZoneSpec walk = job.zones;
        if (zbd_walk) walk.range = 0;  // zonerange is ignored in zbd mode
        const ZoneBlockOrder order = job.shapes.generator == OffsetGeneratorKind::lfsr
                                         ? ZoneBlockOrder::lfsr_walk
                                     : job.norandommap ? ZoneBlockOrder::independent
                                                       : ZoneBlockOrder::random_map;
        zones_.emplace(walk, file_offset_, end, shape.min_length, is_random(job.rw), order,
                       seed);
        pass_ends_loop_ = job.io_size == 0;
    }
    if (job.serialize_overlap) overlaps_.emplace(units_.size());
    file_ends_.reserve(files_.size());
    for (const auto& file : files_) file_ends_.push_back(file_size_or_zero(file.fd));
    result_.error_counts = errors_.reports_counts();
    free_.reserve(units_.size());
    for (auto& unit : units_) free_.push_back(&unit);
    batch_.resize(units_.size());
    reaped_.resize(units_.size());
    if (job.verify.enabled()) {
        verify_ = std::make_unique<Verifier>(job, files, units.size(), seed);
        next_loop_check_at_ = per_loop_bytes_;
        if (verify_->replays()) {
            // As stock: with experimental_verify each pass over the region (size=) is
            // checked before the next one rewrites its blocks; a loop of io_size bytes
            // makes several, and a random map's pass may end a little short of size.
            // Random overwrites without a map check a loop (io_size) at once.
            check_each_pass_ = !zones_ && !(is_random(job.rw) && job.norandommap);
            keep_replay_start();
        }
    }
}

IoLoop::~IoLoop() = default;

void IoLoop::engine_discards_data() noexcept {
    if (verify_) verify_->pass_checks_unchecked();
}

void IoLoop::keep_priority_latencies(const sdk::OptionValues* engine_options) {
    // As stock: the total latency when lat_percentiles asked for it, else clat; none
    // when the one wanted is not measured.
    const bool total = result_.reporting.lat_percentiles;
    if (total ? !measured_.lat : !measured_.clat) return;
    priorities_.start(job_, engine_options, result_, total);
}

void IoLoop::restart_statistics(std::uint64_t now) noexcept {
    for (auto& direction : result_.directions) direction = sdk::DirectionResult{};
    result_.sync_total_ios = 0;
    result_.sync_lat = sdk::LatencyStats{};
    result_.depth_levels = {};
    result_.depth_submit = {};
    result_.depth_complete = {};
    result_.depth_submit_events = 0;
    result_.depth_complete_events = 0;
    result_.latency_ns = {};
    result_.latency_us = {};
    result_.latency_ms = {};
    priorities_.restart();
    restart_samples(now);
    start_ns_ = now;
    ramp_end_ns_ = 0;
    if (job_.runtime_ns) deadline_ns_ = now + job_.runtime_ns;
    if (logs_) logs_->start(now);
}

void IoLoop::restart_samples(std::uint64_t now) noexcept {
    bw_window_.period_ns = job_.measure.bw_avg_ns;
    iops_window_.period_ns = job_.measure.iops_avg_ns;
    bw_window_.restart(now);
    iops_window_.restart(now);
    next_tick_ns_ = now + kSampleWindowNs;
    next_sample_ns_ = std::min({bw_window_.next_ns, iops_window_.next_ns, next_tick_ns_});
    series_.restart(result_, now);
}

void IoLoop::sample_rates(RateWindow& window, bool bandwidth, std::uint64_t now) noexcept {
    const std::uint64_t window_ms = (now - window.last_ns) / 1'000'000;
    if (window_ms == 0) return;
    for (int dir = 0; dir < sdk::kDataDirections; ++dir) {
        if (!issues(job_.rw, dir)) continue;
        auto& stats = result_.directions[dir];
        const std::uint64_t total = bandwidth ? stats.io_bytes : stats.total_ios;
        const std::uint64_t done = total - window.counted[dir];
        const std::uint64_t rate = bandwidth ? done * 1000 / window_ms / 1024 : done * 1000 / window_ms;
        (bandwidth ? stats.bw_samples : stats.iops_samples).add(rate);
        series_.add_rate(result_, dir, bandwidth, now, rate);
        window.counted[dir] = total;
    }
    window.last_ns = now;
    window.next_ns = now + window.period_ns;
}

void IoLoop::take_samples(std::uint64_t now) noexcept {
    if (now >= bw_window_.next_ns) sample_rates(bw_window_, true, now);
    if (now >= iops_window_.next_ns) sample_rates(iops_window_, false, now);
    if (now >= next_tick_ns_) {
        next_tick_ns_ = now + kSampleWindowNs;
        clock_.steer();
        series_.tick(result_, now);
        // Steady state is judged on measured time only (not during ramp_time).
        if (steady_state_ && !ramp_end_ns_ && steady_state_->poll(now, start_ns_)) deadline_ns_ = now;
        if (live_.snapshot.wanted.load(std::memory_order_acquire)) [[unlikely]] publish_snapshot(now);
    }
    next_sample_ns_ = std::min({bw_window_.next_ns, iops_window_.next_ns, next_tick_ns_});
}

void IoLoop::publish_snapshot(std::uint64_t now) {
    ResultSnapshot& snapshot = live_.snapshot;
    {
        std::lock_guard lock(snapshot.mutex);
        snapshot.result = result_;
        sdk::JobResult& copy = snapshot.result;
        const std::uint64_t io_ns = now - start_ns_;
        copy.job_runtime_ns = io_ns;
        for (int dir = 0; dir < sdk::kDataDirections; ++dir) {
            if (issues(job_.rw, dir) || copy.directions[dir].total_ios) copy.directions[dir].runtime_ns = io_ns;
        }
        record_thread_cpu_use(copy, snapshot.usage_before);
    }
    snapshot.wanted.store(false, std::memory_order_release);
}

std::uint64_t IoLoop::submit_batch(std::uint32_t& batched) {
    const int rc = engine_.commit();
    const std::uint64_t issued = clock_.now();
    if (rc < 0) {
        // Nothing of this batch reached the device: it will never complete.
        record_error(*batch_[0], -rc);
        for (std::uint32_t i = 0; i < batched; ++i) {
            if (overlaps_) overlaps_->release(*batch_[i]);
            free_.push_back(batch_[i]);
        }
        in_flight_ -= batched;
        batched = 0;
        return issued;
    }
    for (std::uint32_t i = 0; i < batched; ++i) {
        IoUnit& unit = *batch_[i];
        if (!engine_sets_issue_time_) unit.issue_ns = issued;
        if (unit.direction == IoDirection::sync) [[unlikely]] continue;  // no slat, no log line
        if (measured_.slat) {
            result_.directions[static_cast<int>(unit.direction)].slat.add(unit.issue_ns -
                                                                           unit.start_ns);
        }
        if (logs_) logs_->on_submit(unit);
    }
    // As fio counts it: every I/O of a submission at the depth that submission reached.
    result_.depth_levels[depth_level_slot(in_flight_)] += batched;
    ++result_.depth_submit[batch_slot(batched)];
    ++result_.depth_submit_events;
    batched = 0;
    return issued;
}

bool IoLoop::reap_completions(std::uint32_t wanted, std::uint32_t most, std::int64_t timeout_ns,
                              std::uint64_t& now) {
    // sdk::Engine::reap's contract: never more than is in flight (reap_bounds.hpp).
    assert(1 <= wanted && wanted <= most && most <= in_flight_);
    const int reaped = engine_.reap(wanted, most, reaped_.data(), timeout_ns);
    now = clock_.now();
    if (reaped < 0) {
        if (result_.error == 0) {
            result_.error = -reaped;
            result_.error_text = fmt::format("engine failed to reap completions: {} {}",
                                             std::strerror(-reaped), engine_.last_error());
        }
        failed_ = true;
        return false;  // the engine cannot tell us about the rest
    }
    for (int i = 0; i < reaped; ++i) {
        complete(*reaped_[i], now);
        free_.push_back(reaped_[i]);
    }
    in_flight_ -= static_cast<std::uint32_t>(reaped);
    if (reaped > 0) {
        ++result_.depth_complete[batch_slot(static_cast<std::uint32_t>(reaped))];
        ++result_.depth_complete_events;
    }
    return true;
}

std::uint64_t IoLoop::wait_out_hold(std::uint64_t now) {
    const PacingHold hold = std::exchange(hold_, PacingHold{});
    if (hold.kind == PacingHold::Kind::failed) {
        if (result_.error == 0) {
            result_.error = EIO;
            result_.error_text = pacer_.failure();
        }
        failed_ = true;
        return now;
    }
    if (hold.quiesce) {
        while (in_flight_ > 0 && reap_completions(in_flight_, in_flight_, kReapTimeoutNs, now)) {
        }
        if (failed_) return now;
    } else if (in_flight_ > 0) {
        // Offload: completions keep coming while the next issue time approaches.
        if (hold.until_ns > now) {
            reap_completions(1, in_flight_, static_cast<std::int64_t>(hold.until_ns - now), now);
        }
        return now;
    }
    pacer_.wait(hold, now, deadline_ns_, stop_, terminate_);
    return clock_.resync();
}

std::uint64_t IoLoop::settle_latency_step(std::uint64_t now) {
    // Stock drains too, so that I/Os issued at the old depth do not judge the new one.
    latency_draining_ = true;
    while (in_flight_ > 0 && reap_completions(in_flight_, in_flight_, kReapTimeoutNs, now)) {
    }
    latency_draining_ = false;
    if (latency_step_ == LatencyTarget::Step::final_run) restart_statistics(now);
    latency_step_ = LatencyTarget::Step::none;
    latency_target_.new_window(now);
    depth_limit_ = latency_target_.depth();
    return now;
}

bool IoLoop::between_loops() {
    sync_written_files();
    return !renew_files_ || renew_files_();
}

void IoLoop::sync_written_files() noexcept {
    if (!syncs_at_loop_end_) return;
    for (const auto& file : files_) {
        if (file.fd < 0) continue;
        ::fsync(file.fd);
        if (iolog_ && job_.syncs.end_fsync) iolog_->record_fsync(file.index, monotonic_ns());
    }
}

bool IoLoop::pass_flow(std::uint64_t now) noexcept {
    if (!flow_->within_share()) {
        flow_held_ = true;
        if (flow_held_since_ == 0) flow_held_since_ = now;
        return false;
    }
    if (flow_held_since_ != 0) [[unlikely]] {
        // The pacer let the I/O go when the hold began: all of the hold is the flow's.
        if (now > flow_held_since_) flow_held_ns_ += now - flow_held_since_;
        flow_held_since_ = 0;
    }
    if (flow_->members_changed()) [[unlikely]] {
        if (paced_) pacer_.drop_flow_backlog(now, flow_held_ns_);
        flow_held_ns_ = 0;
    }
    return true;
}

std::uint64_t IoLoop::wait_out_flow(std::uint64_t now) {
    flow_held_ = false;
    const std::uint64_t sleep_ns = job_.pacing.flow_sleep_ns;
    if (sleep_ns == 0) {
        if (in_flight_ > 0) {
            // Collect what completes meanwhile, waiting at most 1 ms so that the
            // share is checked again soon.
            reap_completions(1, in_flight_, 1'000'000, now);
        } else {
            // Sleep until another member issues; wake at least every 10 ms (stop and
            // exitall set flags without waking anyone) and at the end of the runtime.
            const std::uint64_t left = deadline_ns_ > now ? deadline_ns_ - now : 0;
            flow_->wait_for_turn(std::min<std::uint64_t>(left, 10'000'000));
            now = clock_.resync();
        }
        return now;
    }
    while (in_flight_ > 0 && reap_completions(in_flight_, in_flight_, kReapTimeoutNs, now)) {
    }
    if (failed_) return now;
    // Sleep in steps of at most 50 ms so that stop, exitall and runtime end it.
    const std::uint64_t until = std::min(now + sleep_ns, deadline_ns_);
    while (now < until && !stopping()) {
        std::this_thread::sleep_for(
            std::chrono::nanoseconds(std::min<std::uint64_t>(until - now, 50'000'000)));
        now = monotonic_ns();
    }
    return clock_.resync();
}

void IoLoop::log_clock_choice(std::uint64_t start) const noexcept {
    if (!debug_enabled(DebugType::time)) return;
    if (clock_.reads_tsc()) {
        const auto rate = tsc_ns_per_tick_q32().value_or(0);
        debug(DebugType::time, "clock: TSC at {:.6f} ns per tick, starting at {} ns",
              static_cast<double>(rate) / 4294967296.0, start);
    } else {
        debug(DebugType::time, "clock: CLOCK_MONOTONIC, starting at {} ns", start);
    }
    debug(DebugType::time, "runtime {} ns after a ramp of {} ns; samples every {} ns",
          job_.runtime_ns, job_.ramp_time_ns, kSampleWindowNs);
}

std::uint64_t IoLoop::run() {
    const std::uint64_t start = clock_.start();
    start_ns_ = start;
    ramp_end_ns_ = job_.ramp_time_ns ? start + job_.ramp_time_ns : 0;
    // runtime counts from the end of the ramp, as in fio (restart_statistics moves it).
    deadline_ns_ = job_.runtime_ns ? start + job_.ramp_time_ns + job_.runtime_ns : ~0ull;
    restart_samples(start);
    if (logs_) logs_->start(start);
    live_.state.store(workload_letter(job_.rw), std::memory_order_relaxed);
    log_clock_choice(start);

    std::uint64_t now = start;
    if (paced_) pacer_.start(start);
    if (latency_windows_) {
        latency_target_.start(start);
        depth_limit_ = latency_target_.depth();
    }
    bool more_work = true;
    if (verify_ && job_.verify.verify_only) {
        pretend_workload();
        more_work = switch_verify_phase();
    }
    while (true) {
        // Issue as much as the free units allow.
        std::uint32_t batched = 0;
        while (more_work && (!free_.empty() || turned_away_ || overlap_held_) && !failed_ &&
               in_flight_ < depth_limit_) {
            if (now >= deadline_ns_ || stopping()) {
                if (overlap_held_) free_.push_back(std::exchange(overlap_held_, nullptr));
                more_work = false;
                if (turned_away_) free_.push_back(std::exchange(turned_away_, nullptr));
                break;
            }
            if (paced_ && (hold_ = pacer_.hold(now, result_))) break;
            if (replay_ && (hold_ = replay_hold(now))) [[unlikely]] break;
            if (flow_ && !pass_flow(now)) [[unlikely]] break;
            // An I/O the engine turned away (busy) is offered again as it was; one held for
            // an overlap starts its latency when it goes, as stock.
            IoUnit* next = std::exchange(turned_away_, nullptr);
            if (next == nullptr && overlap_held_ != nullptr) [[unlikely]] {
                next = std::exchange(overlap_held_, nullptr);
                next->start_ns = now;
            }
            if (next == nullptr) [[likely]] {
                next = free_.back();
                // verify_state_load: as stock, the job ends at the first read beyond the
                // saved state.
                if (!next_io(*next) || (verify_ && verify_->past_saved_state(*next))) {
                    more_work = false;
                    break;
                }
                free_.pop_back();
                next->start_ns = now;
                if (buffer_filler_ && next->direction == IoDirection::write) {
                    buffer_filler_->before_write(*next);
                }
                if (verify_ && next->direction != IoDirection::sync) [[unlikely]] {
                    verify_->before_issue(*next);
                }
            }
            IoUnit& unit = *next;
            if (overlaps_ && !overlaps_->claim(unit)) [[unlikely]] {
                overlap_held_ = &unit;  // serialize_overlap: reap, then try it again
                break;
            }
            // Sync engines do the I/O inside queue(): issue time is now. Async engines
            // issue at commit (or set it themselves).
            unit.issue_ns = read_clock_at_issue_ ? clock_.now() : now;
            if (file_locks_) [[unlikely]] file_locks_->lock(unit);
            const QueueStatus status = engine_.queue(unit);
            if (file_locks_) [[unlikely]] file_locks_->unlock(unit);
            if (iolog_ && status != QueueStatus::busy) [[unlikely]] iolog_->record(unit);
            if (paced_ && status != QueueStatus::busy) pacer_.issued(unit.direction, unit.length);
            if (flow_ && status != QueueStatus::busy) [[unlikely]] flow_->count_issue();
            if (status == QueueStatus::completed) {
                now = clock_.now();
                ++result_.depth_levels[0];  // done inside queue(): depth 1
                ++result_.depth_submit[batch_slot(1)];
                ++result_.depth_submit_events;
                ++result_.depth_complete[batch_slot(1)];
                ++result_.depth_complete_events;
                complete(unit, now);
                free_.push_back(&unit);
            } else if (status == QueueStatus::queued) {
                batch_[batched++] = &unit;
                ++in_flight_;
                if (batched == batch_submit_limit_) now = submit_batch(batched);
            } else {  // busy: submit and reap first, then offer the same I/O again
                if (overlaps_) overlaps_->release(unit);
                turned_away_ = &unit;
                break;
            }
            if (now >= next_sample_ns_) take_samples(now);
            if (ramp_end_ns_ && now >= ramp_end_ns_) restart_statistics(now);
            if (latency_windows_ && now >= latency_target_.window_end()) [[unlikely]] {
                check_latency_window(now);
            }
        }
        if (batched > 0) now = submit_batch(batched);
        if (hold_) {
            now = wait_out_hold(now);
            continue;
        }
        if (flow_held_) {
            now = wait_out_flow(now);
            continue;
        }
        if (latency_step_ != LatencyTarget::Step::none) [[unlikely]] {
            now = settle_latency_step(now);
            if (failed_) break;
            continue;
        }

        if (in_flight_ == 0) {
            if (loop_break_due_ && !failed_ && !stopping()) {
                loop_break_due_ = false;
                if (!between_loops()) break;
                more_work = true;
                continue;
            }
            if (!more_work && !failed_ && !verify_phase_ && !end_synced_) {
                sync_written_files();
                end_synced_ = true;
            }
            if (!more_work && !failed_ && verify_ && switch_verify_phase()) {
                end_synced_ = false;
                more_work = true;
                continue;
            }
            if (!more_work || failed_) break;
            continue;
        }

        // Wait for at least iodepth_batch_complete_min completions; once the queue is
        // full, for as many as bring it down to iodepth_low.
        const ReapBounds bounds = reap_bounds(complete_min_, complete_max_, in_flight_,
                                              refill_level_, free_.empty(), !more_work);
        if (!reap_completions(bounds.min, bounds.max, kReapTimeoutNs, now)) break;
        if (now >= next_sample_ns_) take_samples(now);
        if (ramp_end_ns_ && now >= ramp_end_ns_) restart_statistics(now);
        if (latency_windows_ && now >= latency_target_.window_end()) [[unlikely]] {
            check_latency_window(now);
        }
        if (failed_) more_work = false;
    }
    live_.state.store('E', std::memory_order_relaxed);
    now = clock_.resync();  // the runtime is exact whatever the clock
    if (steady_state_) result_.steadystate = steady_state_->result();
    result_.latency_target = {job_.latency.target_ns, job_.latency.window_ns,
                              job_.latency.percentile, latency_target_.depth()};
    return now - start_ns_;
}

}  // namespace fio::core
