// The I/O loop's choice of the next I/O: direction, file, offset and length from the
// workload's generators, passes and loops, zones, trimwrite pairs and the syncs that
// are due. Nothing here waits or touches the engine.
#include "run/io_loop.hpp"

#include "run/cache_hints.hpp"
#include "run/file_setup.hpp"
#include "verify/verifier.hpp"
#include "workload/block_size_chooser.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

namespace fio::core {

using sdk::IoDirection;
using sdk::IoUnit;
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
    if (cache_hints_) cache_hints_->on_new_pass(files_);
    if (zones_) {
        zones_->restart();
        return;
    }
    for (auto& generator : generators_) generator.start_new_pass();
    chooser_.new_pass();
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

bool IoLoop::prepare_next(IoUnit& unit) noexcept {
    if (zones_) return prepare_zoned(unit);
    // file_service_type= chooses the file (workload/file_chooser.hpp).
    // When percentage_random differs by direction, the direction is drawn before the
    // offset (once per I/O, however many files the chooser tries); otherwise after it.
    std::optional<IoDirection> drawn;
    unsigned share = random_share_;
    if (random_share_by_direction_) [[unlikely]] {
        drawn = paced_ ? steer(pick_direction()) : pick_direction();
        share = job_.shapes.random_share[static_cast<int>(*drawn)];
    }
    std::size_t index;
    while (chooser_.next(index)) {
        OffsetGenerator& generator = generators_[index];
        std::uint64_t offset;
        if (!generator.next(offset, share) && !start_file_pass(index, offset, share)) continue;

        IoDirection direction;
        if (drawn) [[unlikely]] {
            direction = *drawn;
        } else {
            direction = pick_direction();
            if (paced_) direction = steer(direction);
        }
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

bool IoLoop::start_file_pass(std::size_t index, std::uint64_t& offset,
                             unsigned random_share) noexcept {
    OffsetGenerator& generator = generators_[index];
    if (!files_wrap_ || generator.region_bytes() == 0) {
        chooser_.file_done(index);
        return false;
    }
    generator.start_new_pass();
    if (cache_hints_) cache_hints_->on_file_pass(files_, index);
    // As stock: random offsets go on in the same file (its map starts again); a
    // sequential walk closes the file there, and the next I/O chooses afresh.
    if (is_random(job_.rw)) return generator.next(offset, random_share);
    chooser_.choose_afresh();
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
    if (replay_) [[unlikely]] return next_replayed(unit);  // read_iolog: the log's I/Os
    if (verify_) [[unlikely]] {
        if (verify_phase_ && verify_->replays()) return replay_next_check(unit);
        if (!verify_phase_ && verify_->next_trim(unit)) return true;  // trim_percentage
        if (verify_->next_check(unit, verify_phase_)) return true;
        if (verify_phase_ || loop_check_due()) return false;  // drain, then switch phase
    }
    const bool rewrites_trim = trimmed_.file != nullptr;
    if (rewrites_trim) [[unlikely]] {
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
        if (loop_break_due()) return false;
        if (paced_ && pacer_.enough_ios()) return false;
        if (!prepare_next(unit)) {
            if (zbd_done_) [[unlikely]] {
                // The zones allow nothing more: as fio, that ends this loop; the next one
                // starts over (twice nothing in a row ends the job).
                if (!end_loop_at_zone_eof()) return false;
                zbd_done_ = false;
                if (!prepare_next(unit)) return false;
            } else if (!start_loop_if_due(true) || loop_break_due() || !prepare_next(unit)) {
                // no loop left, work between loops first (end_fsync, unlink_each_loop), or nothing to do at
                // all (empty region)
                return false;
            }
        }
        if (unit.direction == IoDirection::trim && trim_then_write(job_.rw)) [[unlikely]] {
            trimmed_ = TrimmedBlock{unit.file, unit.offset, unit.length};
        }
    }
    if (budget_direction_ < 0 || static_cast<int>(unit.direction) == budget_direction_) {
        // zonemode=zbd does not cut the last I/O to the budget (fio's zones do not),
        // nor does trimwrite the write of a block it trimmed: as stock, that write
        // covers the whole block, even past the budget.
        if (!endless_ && zbd_.empty() && !rewrites_trim &&
            bytes_issued_ + unit.length > bytes_budget_) {
            unit.length = static_cast<std::uint32_t>(bytes_budget_ - bytes_issued_);
        }
        bytes_issued_ += unit.length;
    }
    if (syncs_.active()) [[unlikely]] {
        syncs_.issued(unit.direction, static_cast<std::size_t>(unit.file - files_.data()));
    }
    return true;
}

bool IoLoop::loop_break_due() noexcept {
    const bool due = loop_began_ && (renew_files_ || syncs_at_loop_end_);
    loop_began_ = false;
    loop_break_due_ = loop_break_due_ || due;
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

}  // namespace fio::core
