#include "iolog/replay_source.hpp"

#include <fcntl.h>

#include <exception>

namespace fio::core {

using sdk::IoDirection;
using sdk::SyncKind;

ReplaySource::ReplaySource(const ReplayPlan& plan, std::uint64_t run_start_ns)
    : log_(plan.log), reader_(plan.reader), run_start_ns_(run_start_ns) {
    if (log_) {
        entries_ = log_->entries;
    } else {
        chunk_.reserve(kChunkEntries);
    }
}

const ReplayEntry* ReplaySource::peek() noexcept {
    if (at_ < entries_.size()) return &entries_[at_];
    if (!reader_ || !failure_.empty()) return nullptr;
    chunk_.clear();
    try {
        reader_->read(chunk_, kChunkEntries);
    } catch (const std::exception& e) {
        failure_ = e.what();
        return nullptr;
    }
    entries_ = chunk_;
    at_ = 0;
    return entries_.empty() ? nullptr : &entries_[0];
}

std::uint64_t ReplaySource::due_after(std::uint64_t now) noexcept {
    now_ = now;
    if (!started_) {
        // The first I/O waits for the log's time before it, counted from here.
        started_ = true;
        anchor_ns_ = now;
    }
    while (const ReplayEntry* entry = peek()) {
        if (entry->action == IoLogAction::wait) {
            // Version 2: hold until that many milliseconds into the run.
            const std::uint64_t until = run_start_ns_ + entry->offset * 1'000'000;
            if (until > now) return until;
            ++at_;
            continue;
        }
        if (entry->delay_ns == 0) return 0;
        const std::uint64_t due = anchor_ns_ + entry->delay_ns;
        if (due <= now) return 0;
        held_ = true;
        due_ns_ = due;
        return due;
    }
    return 0;
}

bool ReplaySource::next(sdk::IoUnit& unit, std::uint32_t& file) noexcept {
    const ReplayEntry* entry = peek();
    while (entry && entry->action == IoLogAction::wait) {  // due: nothing left to do
        ++at_;
        entry = peek();
    }
    if (!entry) return false;
    // As stock: a pause counts from when the previous I/O went, so a slow device does
    // not make the replay catch up later; waking a little late from a pause does not
    // push the rest of the log back.
    anchor_ns_ = held_ ? due_ns_ : now_;
    held_ = false;
    file = entry->file;
    unit.offset = entry->offset;
    unit.length = entry->length;
    switch (entry->action) {
        case IoLogAction::read: unit.direction = IoDirection::read; break;
        case IoLogAction::write: unit.direction = IoDirection::write; break;
        case IoLogAction::trim: unit.direction = IoDirection::trim; break;
        default:
            unit.direction = IoDirection::sync;
            unit.offset = 0;
            unit.length = 0;
            unit.sync_range_flags = 0;
            if (entry->action == IoLogAction::datasync) {
                unit.sync_kind = SyncKind::fdatasync;
            } else if (entry->action == IoLogAction::sync_file_range) {
                // The log does not say which range or flags: start writing out the whole
                // file.
                unit.sync_kind = SyncKind::file_range;
                unit.sync_range_flags = SYNC_FILE_RANGE_WRITE | sdk::kSyncRangeToEnd;
            } else {
                unit.sync_kind = SyncKind::fsync;
            }
            break;
    }
    ++at_;
    return true;
}

}  // namespace fio::core
