#include "run/io_loop.hpp"

#include "run/file_setup.hpp"
#include "run/steady_state.hpp"
#include "stats/distributions.hpp"
#include "verify/verifier.hpp"
#include "workload/block_size_chooser.hpp"
#include "workload/offset_shape.hpp"

#include <fio/sdk/clock.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <thread>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

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

// fio's default bw/IOPS averaging window (bwavgtime, iopsavgtime): 500 ms.
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
      measured_(job.measure),
      clock_(measured_.any(), tsc_rate_for(job, engine)),
      syncs_(job.syncs, files.size()),
      pacer_(job, !engine.traits().completes_in_queue, seed),
      paced_(pacer_.active()),
      latency_target_(job.latency, static_cast<std::uint32_t>(units.size())) {
    // As stock, the goals are judged on the total latency, so only when it is measured.
    latency_checked_ = measured_.lat && (latency_target_.active() || job.latency.limits_latency());
    latency_windows_ = latency_target_.active();
    depth_limit_ = latency_target_.depth();
    budget_direction_ = budget_direction(job.rw);
    endless_ = job.time_based;
    const OffsetShape shape = offset_shape(job, bytes_per_file);
    generators_.reserve(files_.size());
    for (std::size_t i = 0; i < files_.size(); ++i) generators_.emplace_back(shape, seed + i);
    const auto depth = static_cast<std::uint32_t>(units_.size());
    batch_submit_limit_ = job.iodepth_batch_submit ? job.iodepth_batch_submit : depth;
    complete_min_ = std::max<std::uint32_t>(1, job.iodepth_batch_complete_min);
    complete_max_ = job.iodepth_batch_complete_max ? job.iodepth_batch_complete_max : depth;
    refill_level_ = job.iodepth_low ? std::min(job.iodepth_low, depth - 1) : depth - 1;
    engine_sets_issue_time_ = engine.traits().sets_issue_time;
    read_clock_at_issue_ = engine.traits().completes_in_queue && measured_.clat;
    const std::uint64_t pass_bytes = bytes_per_file * files_.size();
    // Per loop: io_size; else size (which may exceed the files when filesize caps
    // them: the job then makes several passes); else one pass over the files.
    const std::uint64_t per_loop = job.io_size              ? job.io_size
                                   : job.size && job.file_size ? job.size
                                                               : pass_bytes;
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
        // Zones run up to the file's real end, which may lie past the job's region.
        const std::uint64_t region_end = file_offset_ + bytes_per_file;
        const std::uint64_t end = std::max(region_end, file_size_or_zero(files_[0].fd));
        ZoneSpec walk = job.zones;
        if (zbd_walk) walk.range = 0;  // zonerange is ignored in zbd mode
        zones_.emplace(walk, file_offset_, end, shape.min_length, is_random(job.rw),
                       !job.norandommap, seed);
        pass_ends_loop_ = job.io_size == 0;
    }
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
    }
}

IoDirection IoLoop::pick_direction() noexcept {
    if (reads(job_.rw) && writes(job_.rw)) {
        return direction_rng_.below(100) < job_.rwmix_read ? IoDirection::read
                                                           : IoDirection::write;
    }
    if (reads(job_.rw)) return IoDirection::read;
    // trimwrite picks the trim; its write follows (write_after_trim).
    return trims(job_.rw) ? IoDirection::trim : IoDirection::write;
}

void IoLoop::write_after_trim(IoUnit& unit) noexcept {
    // As fio's trimwrite: the block just trimmed is written next.
    const TrimmedBlock block = std::exchange(trimmed_, TrimmedBlock{});
    unit.direction = IoDirection::write;
    unit.ioprio = job_.priority.value();
    unit.file = block.file;
    unit.offset = block.offset;
    unit.length = block.length;
}

bool IoLoop::prepare_zoned(IoUnit& unit) noexcept {
    const IoDirection direction = pick_direction();
    const std::uint64_t bs = job_.block_size[static_cast<int>(direction)];
    std::uint64_t offset;
    if (!zones_->next(bs, offset)) return false;
    std::uint64_t length = bs;
    if (!zbd_.empty()) {
        try {
            if (!zbd_[0]->adjust(zbd_views_[0], direction == IoDirection::write, offset, length)) {
                zbd_done_ = true;
                return false;
            }
        } catch (...) {  // a failed lock: nothing sensible is left to do but stop
            zbd_done_ = true;
            return false;
        }
    }
    unit.direction = direction;
    unit.file = &files_[0];
    unit.offset = offset;
    unit.length = static_cast<std::uint32_t>(length);
    return true;
}

void IoLoop::restart_passes() noexcept {
    if (zones_) {
        zones_->restart();
        return;
    }
    for (auto& generator : generators_) generator.start_new_pass();
}

bool IoLoop::start_loop_if_due(bool pass_ended) noexcept {
    if (endless_) {
        if (pass_ended) restart_passes();
        return true;
    }
    if (pass_ended && pass_ends_loop_) {
        // The loop ends early: what it did not do is not owed later.
        bytes_budget_ -= loop_start_bytes_ + per_loop_bytes_ - bytes_issued_;
        loop_start_bytes_ = bytes_issued_;
        restart_passes();
        loop_began_ = true;
    } else if (pass_ended) {
        restart_passes();  // io_size: passes repeat within the loop
    } else if (bytes_issued_ >= loop_start_bytes_ + per_loop_bytes_) {
        loop_start_bytes_ += per_loop_bytes_;
        restart_passes();
        loop_began_ = true;
    }
    return bytes_issued_ < bytes_budget_;
}
IoLoop::~IoLoop() = default;

bool IoLoop::prepare_next(IoUnit& unit) noexcept {
    if (zones_) return prepare_zoned(unit);
    // Round-robin over files; a file whose pass is done is skipped.
    for (std::size_t tried = 0; tried < files_.size(); ++tried) {
        const std::size_t index = next_file_;
        next_file_ = next_file_ + 1 == files_.size() ? 0 : next_file_ + 1;
        OffsetGenerator& generator = generators_[index];
        std::uint64_t offset;
        if (!generator.next(offset)) continue;

        IoDirection direction = pick_direction();
        if (paced_) direction = pacer_.steer(direction);
        const bool random = generator.last_was_random();
        if (!zbd_.empty()) [[unlikely]] {
            // As fio: a sequential writer at a zone's capacity goes on at the next zone,
            // the bytes in between counting as done.
            const ZbdZones& zones = *zbd_[index];
            if (!random && job_.rw == RwPattern::write && zones.zone_capacity() < zones.zone_size()) {
                const std::uint64_t at = file_offset_ + offset;
                const std::uint64_t zone_start = at / zones.zone_size() * zones.zone_size();
                if (at >= zone_start + zones.zone_capacity()) {
                    const std::uint64_t skipped = zone_start + zones.zone_size() - at;
                    bytes_issued_ += skipped;
                    offset += skipped;
                    generator.settle(offset, 0);
                    if (!job_.time_based && bytes_issued_ >= bytes_budget_) return false;
                    if (!generator.next(offset)) continue;
                }
            }
            // rw=randrw reads nothing until something was written (fio makes them writes).
            if (direction == IoDirection::read && writes(job_.rw) &&
                !zbd_views_[index].read_beyond_wp && !zones.has_data()) {
                direction = IoDirection::write;
            }
        }
        const int dir = static_cast<int>(direction);
        offset = generator.fit(offset, block_sizes_.smallest(dir, random));
        const std::uint64_t length =
            block_sizes_.pick(dir, random, generator.region_bytes() - offset);
        unit.direction = direction;
        unit.ioprio = job_.priority.value();  // the job's own; an engine may set another
        if (!zbd_.empty()) [[unlikely]] {
            return place_in_zbd_zones(index, unit, offset, length, random);
        }
        unit.file = &files_[index];
        unit.offset = file_offset_ + offset;
        unit.length = static_cast<std::uint32_t>(
            generator.settle(offset, length, block_sizes_.smallest(dir, random)));
        return true;
    }
    return false;
}

void IoLoop::use_zbd_zones(const std::vector<std::shared_ptr<ZbdZones>>& zones) {
    zbd_.clear();
    zbd_views_.clear();
    for (std::size_t i = 0; i < zones.size() && i < generators_.size(); ++i) {
        zbd_.push_back(zones[i].get());
        ZbdJobView view = zones[i]->view(file_offset_, generators_[i].region_bytes());
        view.max_open = job_.zones.job_max_open_zones;
        view.random = is_random(job_.rw);
        view.read_beyond_wp = job_.zones.read_beyond_wp;
        view.min_read = smallest_block_size(job_, 0);
        view.min_write = smallest_block_size(job_, 1);
        const ZoneSpec& spec = job_.zones;
        if (spec.reset_frequency > 0) {
            // As fio: the threshold is a share of the region; the period is
            // 1/frequency writes, truncated.
            view.reset_above = static_cast<std::uint64_t>(
                std::ceil(static_cast<double>(view.region_bytes) * spec.reset_threshold));
            view.reset_every = static_cast<std::uint32_t>(
                std::min(1.0 / spec.reset_frequency, 4294967295.0));
        }
        zones[i]->start_job(view);
        zbd_views_.push_back(view);
    }
}

std::uint64_t IoLoop::zone_resets() const noexcept {
    std::uint64_t resets = 0;
    for (const auto& view : zbd_views_) resets += view.resets;
    return resets;
}

bool IoLoop::place_in_zbd_zones(std::size_t index, IoUnit& unit, std::uint64_t offset,
                                std::uint64_t length, bool random) noexcept {
    OffsetGenerator& generator = generators_[index];
    const int dir = static_cast<int>(unit.direction);
    const std::uint64_t shortest = block_sizes_.smallest(dir, random);
    // A random offset uses up its blocks of the map where the generator chose it (as
    // in fio, before the zones move it); a sequential walk goes on after where the
    // I/O really went.
    if (random) length = generator.settle(offset, length, shortest);
    std::uint64_t at = file_offset_ + offset;
    bool placed = false;
    try {
        placed = zbd_[index]->adjust(zbd_views_[index], unit.direction == IoDirection::write, at,
                                     length);
    } catch (...) {  // a failed lock: nothing sensible is left to do but stop
        placed = false;
    }
    if (!placed) {
        zbd_done_ = true;
        return false;
    }
    if (!random) generator.settle(at >= file_offset_ ? at - file_offset_ : 0, length, shortest);
    unit.file = &files_[index];
    unit.offset = at;
    unit.length = static_cast<std::uint32_t>(length);
    return true;
}

bool IoLoop::end_loop_at_zone_eof() noexcept {
    restart_passes();
    if (job_.time_based) return true;
    const std::uint64_t loop_end = loop_start_bytes_ + per_loop_bytes_;
    if (loop_end > bytes_issued_) bytes_budget_ -= loop_end - bytes_issued_;  // not owed later
    loop_start_bytes_ = bytes_issued_;
    return bytes_issued_ < bytes_budget_;
}

bool IoLoop::next_io(IoUnit& unit) noexcept {
    if (verify_) [[unlikely]] {
        if (verify_->next_check(unit, verify_phase_)) return true;
        if (verify_phase_ || loop_check_due()) return false;  // drain, then switch phase
    }
    if (trimmed_.file) [[unlikely]] {
        write_after_trim(unit);
    } else {
        if (!endless_ && bytes_issued_ >= bytes_budget_) return false;
        if (zbd_done_) [[unlikely]] return false;
        // fio issues the sync that is due when the job wants its next I/O (none after the
        // last); run/sync_schedule.hpp has the rule.
        if (syncs_.active()) [[unlikely]] {
            if (const auto kind = syncs_.due()) {
                prepare_sync(unit, *kind);
                return true;
            }
        }
        if (!start_loop_if_due(false)) return false;
        if (renewal_due()) return false;
        if (paced_ && pacer_.enough_ios()) return false;
        if (!prepare_next(unit)) {
            if (zbd_done_) [[unlikely]] {
                // The zones allow nothing more: as fio, that ends this loop; the next one
                // starts over (twice nothing in a row ends the job).
                if (!end_loop_at_zone_eof()) return false;
                zbd_done_ = false;
                if (!prepare_next(unit)) return false;
            } else if (!start_loop_if_due(true) || renewal_due() || !prepare_next(unit)) {
                // no loop left, files to renew first (unlink_each_loop), or nothing to do at
                // all (empty region)
                return false;
            }
        }
        if (unit.direction == IoDirection::trim && trim_then_write(job_.rw)) [[unlikely]] {
            trimmed_ = TrimmedBlock{unit.file, unit.offset, unit.length};
        }
    }
    if (budget_direction_ < 0 || static_cast<int>(unit.direction) == budget_direction_) {
        // zonemode=zbd does not cut the last I/O to the budget (fio's zones do not).
        if (!endless_ && zbd_.empty() && bytes_issued_ + unit.length > bytes_budget_) {
            unit.length = static_cast<std::uint32_t>(bytes_budget_ - bytes_issued_);
        }
        bytes_issued_ += unit.length;
    }
    if (syncs_.active()) [[unlikely]] {
        syncs_.issued(unit.direction, static_cast<std::size_t>(unit.file - files_.data()));
    }
    return true;
}

bool IoLoop::renewal_due() noexcept {
    const bool due = loop_began_ && renew_files_;
    loop_began_ = false;
    renewal_due_ = renewal_due_ || due;
    return due;
}

void IoLoop::prepare_sync(IoUnit& unit, sdk::SyncKind kind) noexcept {
    unit.direction = IoDirection::sync;
    unit.sync_kind = kind;
    unit.file = &files_[std::min(syncs_.file(), files_.size() - 1)];
    unit.offset = 0;
    unit.length = 0;
    unit.sync_range_flags = 0;
    if (kind == sdk::SyncKind::file_range) syncs_.take_range(unit);
}

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
    sampled_bytes_ = {};
    sampled_ios_ = {};
    last_sample_ns_ = now;
    next_sample_ns_ = now + kSampleWindowNs;
    start_ns_ = now;
    ramp_end_ns_ = 0;
    if (job_.runtime_ns) deadline_ns_ = now + job_.runtime_ns;
    if (logs_) logs_->start(now);
}

void IoLoop::complete(IoUnit& unit, std::uint64_t now) noexcept {
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

std::string describe_io_error(const IoUnit& unit, int error, IoFailure failure) {
    const bool nothing_moved = failure == IoFailure::nothing_transferred;
    return fmt::format("{} error on file {}: {}: offset={}, length={}{}",
                       unit.direction == IoDirection::read    ? "read"
                       : unit.direction == IoDirection::sync ? "sync"
                       : unit.direction == IoDirection::trim ? "trim"
                                                             : "write",
                       unit.file && unit.file->path ? unit.file->path : "?",
                       std::strerror(error), unit.offset, unit.length,
                       nothing_moved ? " (no bytes transferred: the file or device ends "
                                       "before this offset)"
                                     : "");
}

}  // namespace

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
                std::fprintf(stderr, "fio: %s (carrying on)\n", describe_io_error(unit, error, failure).c_str());
            }
            if (result_.error == 0) {
                result_.error = error;
                result_.error_text = describe_io_error(unit, error, failure);
                result_.error_tolerated = true;
            }
            return;
        case ErrorOutcome::job_done:
            // fill_device: the file system is full, which is what the job waited for.
            if (!failed_) std::fprintf(stderr, "fio: %s\n", describe_io_error(unit, error, failure).c_str());
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
    result_.error_text = describe_io_error(unit, static_cast<int>(error), failure);
    result_.error_tolerated = false;
}

void IoLoop::take_samples(std::uint64_t now) noexcept {
    const std::uint64_t window_ms = (now - last_sample_ns_) / 1'000'000;
    if (window_ms == 0) return;
    clock_.steer();
    for (int dir = 0; dir < sdk::kDataDirections; ++dir) {
        if (!issues(job_.rw, dir)) continue;
        const auto& stats = result_.directions[dir];
        const std::uint64_t bytes = stats.io_bytes - sampled_bytes_[dir];
        const std::uint64_t ios = stats.total_ios - sampled_ios_[dir];
        result_.directions[dir].bw_samples.add(bytes * 1000 / window_ms / 1024);
        result_.directions[dir].iops_samples.add(ios * 1000 / window_ms);
        sampled_bytes_[dir] = stats.io_bytes;
        sampled_ios_[dir] = stats.total_ios;
    }
    last_sample_ns_ = now;
    next_sample_ns_ = now + kSampleWindowNs;
    // Steady state is judged on measured time only (not during ramp_time).
    if (steady_state_ && !ramp_end_ns_ && steady_state_->poll(now, start_ns_)) deadline_ns_ = now;
}

std::uint64_t IoLoop::submit_batch(std::uint32_t& batched) {
    const int rc = engine_.commit();
    const std::uint64_t issued = clock_.now();
    if (rc < 0) {
        // Nothing of this batch reached the device: it will never complete.
        record_error(*batch_[0], -rc);
        for (std::uint32_t i = 0; i < batched; ++i) free_.push_back(batch_[i]);
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
            std::this_thread::yield();
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

std::uint64_t IoLoop::run() {
    const std::uint64_t start = clock_.start();
    start_ns_ = start;
    ramp_end_ns_ = job_.ramp_time_ns ? start + job_.ramp_time_ns : 0;
    // runtime counts from the end of the ramp, as in fio (restart_statistics moves it).
    deadline_ns_ = job_.runtime_ns ? start + job_.ramp_time_ns + job_.runtime_ns : ~0ull;
    last_sample_ns_ = start;
    next_sample_ns_ = start + kSampleWindowNs;
    if (logs_) logs_->start(start);
    live_.state.store(workload_letter(job_.rw), std::memory_order_relaxed);

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
        while (more_work && !free_.empty() && !failed_ && in_flight_ < depth_limit_) {
            if (now >= deadline_ns_ || stopping()) {
                more_work = false;
                break;
            }
            if (paced_ && (hold_ = pacer_.hold(now, result_))) break;
            if (flow_ && !pass_flow(now)) [[unlikely]] break;
            IoUnit& unit = *free_.back();
            if (!next_io(unit)) {
                more_work = false;
                break;
            }
            free_.pop_back();
            unit.start_ns = now;
            if (buffer_filler_ && unit.direction == IoDirection::write) {
                buffer_filler_->before_write(unit);
            }
            if (verify_ && unit.direction != IoDirection::sync) [[unlikely]] {
                verify_->before_issue(unit);
            }
            // Sync engines do the I/O inside queue(): issue time is now. Async engines
            // issue at commit (or set it themselves).
            unit.issue_ns = read_clock_at_issue_ ? clock_.now() : now;
            const QueueStatus status = engine_.queue(unit);
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
            } else {  // busy: reap first
                free_.push_back(&unit);
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
            if (renewal_due_ && !failed_ && !stopping()) {  // unlink_each_loop
                renewal_due_ = false;
                if (!renew_files_()) break;
                more_work = true;
                continue;
            }
            if (!more_work && !failed_ && verify_ && switch_verify_phase()) {
                more_work = true;
                continue;
            }
            if (!more_work || failed_) break;
            continue;
        }

        // Wait for at least iodepth_batch_complete_min completions; once the queue is
        // full, for as many as bring it down to iodepth_low.
        std::uint32_t wanted = std::min(complete_min_, in_flight_);
        if (free_.empty() && in_flight_ > refill_level_) {
            wanted = std::max(wanted, in_flight_ - refill_level_);
        }
        if (!more_work) wanted = 1;  // draining: take whatever comes
        const std::uint32_t most = std::max(wanted, std::min(complete_max_, in_flight_));
        if (!reap_completions(wanted, most, kReapTimeoutNs, now)) break;
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
