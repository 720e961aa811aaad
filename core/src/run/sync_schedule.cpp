#include "run/sync_schedule.hpp"

#include <algorithm>
#include <limits>

namespace fio::core {

using sdk::SyncKind;

SyncSchedule::SyncSchedule(const SyncSpec& spec, std::size_t file_count)
    : spec_(spec), active_(spec.any_during_job()) {
    if (spec.sync_file_range_every != 0) ranges_.resize(std::max<std::size_t>(file_count, 1));
}

std::optional<SyncKind> SyncSchedule::due() noexcept {
    if (last_was_sync_ || writes_ == 0) return std::nullopt;
    const auto divides = [this](std::uint32_t every) { return every != 0 && writes_ % every == 0; };
    std::optional<SyncKind> kind;
    if (divides(spec_.fsync_every)) {
        kind = SyncKind::fsync;
    } else if (divides(spec_.fdatasync_every)) {
        kind = SyncKind::fdatasync;
    } else if (divides(spec_.sync_file_range_every)) {
        kind = SyncKind::file_range;
    }
    if (kind) last_was_sync_ = true;
    return kind;
}

void SyncSchedule::completed_write(std::size_t file, std::uint64_t offset,
                                   std::uint64_t bytes) noexcept {
    if (file >= ranges_.size()) return;
    Span& span = ranges_[file];
    span.first = std::min(span.first, offset);
    span.end = std::max(span.end, offset + bytes);
}

void SyncSchedule::take_range(sdk::IoUnit& unit) noexcept {
    unit.sync_range_flags = spec_.sync_file_range_flags;
    unit.offset = 0;
    unit.length = 0;  // nothing written since the last one
    if (last_file_ >= ranges_.size()) return;
    Span& span = ranges_[last_file_];
    if (span.first < span.end) {
        const std::uint64_t length = span.end - span.first;
        unit.offset = span.first;
        if (length <= std::numeric_limits<std::uint32_t>::max()) {
            unit.length = static_cast<std::uint32_t>(length);
        } else {
            unit.sync_range_flags |= sdk::kSyncRangeToEnd;  // the span ends inside the file
        }
    }
    span = Span{};
}

}  // namespace fio::core
