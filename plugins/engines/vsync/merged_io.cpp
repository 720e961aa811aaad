#include "merged_io.hpp"

#include <fio/sdk/posix_io.hpp>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <ctime>

#include <fio/sdk/clock.hpp>

namespace fio::vsync {
namespace {

using sdk::IoDirection;
using sdk::IoUnit;

bool continues(const IoUnit& previous, const IoUnit& next) noexcept {
    return next.file == previous.file && next.direction == previous.direction &&
           next.offset == previous.offset + previous.length;
}

}  // namespace

MergedIo::MergedIo(std::size_t max_units)
    : iovecs_(std::min<std::size_t>(std::max<std::size_t>(max_units, 1), IOV_MAX)) {}

std::size_t MergedIo::run_length(IoUnit* const* units, std::size_t count) const noexcept {
    const std::size_t limit = std::min(count, iovecs_.size());
    std::size_t length = limit > 0 ? 1 : 0;
    while (length < limit && continues(*units[length - 1], *units[length])) ++length;
    return length;
}

void MergedIo::issue(IoUnit* const* run, std::size_t count) noexcept {
    while (count > 0) {
        const std::size_t settled = issue_once(run, count);
        run += settled;
        count -= settled;
    }
}

std::size_t MergedIo::issue_once(IoUnit* const* run, std::size_t count) noexcept {
    IoUnit& head = *run[0];
    const sdk::FileHandle& file = *head.file;
    for (std::size_t i = 0; i < count; ++i) iovecs_[i] = iovec{run[i]->buffer, run[i]->length};
    const int iovcnt = static_cast<int>(count);

    const std::uint64_t issued = sdk::monotonic_ns();  // the core's clock
    for (std::size_t i = 0; i < count; ++i) run[i]->issue_ns = issued;
    if (!seek(file, head.offset)) {
        head.result = -errno;
        return 1;
    }
    const std::int64_t moved =
        head.direction == IoDirection::read
            ? sdk::retry_eintr([&] { return ::readv(file.fd, iovecs_.data(), iovcnt); })
            : sdk::retry_eintr([&] { return ::writev(file.fd, iovecs_.data(), iovcnt); });
    std::uint64_t& position = position_of(file);
    if (moved < 0) {
        position = kUnknownPosition;
        head.result = moved;
        return 1;
    }
    position = head.offset + static_cast<std::uint64_t>(moved);
    if (moved == 0) {
        for (std::size_t i = 0; i < count; ++i) run[i]->result = 0;
        return count;
    }

    auto left = static_cast<std::uint64_t>(moved);
    std::size_t whole = 0;
    while (whole < count && left >= run[whole]->length) {
        run[whole]->result = run[whole]->length;
        left -= run[whole]->length;
        ++whole;
    }
    if (whole == count || left == 0) return whole;  // stopped on a unit boundary
    run[whole]->result = static_cast<std::int64_t>(left);
    return whole + 1;
}

std::uint64_t& MergedIo::position_of(const sdk::FileHandle& file) noexcept {
    if (file.index < positions_.size()) return positions_[file.index];
    untracked_ = kUnknownPosition;
    return untracked_;
}

bool MergedIo::seek(const sdk::FileHandle& file, std::uint64_t offset) noexcept {
    std::uint64_t& position = position_of(file);
    if (position == offset) return true;
    if (::lseek(file.fd, static_cast<off_t>(offset), SEEK_SET) < 0) {
        position = kUnknownPosition;
        return false;
    }
    position = offset;
    return true;
}

void MergedIo::track(const sdk::FileHandle& file) {
    if (file.index >= positions_.size()) positions_.resize(file.index + 1, kUnknownPosition);
    positions_[file.index] = kUnknownPosition;
}

void MergedIo::forget(const sdk::FileHandle& file) noexcept {
    if (file.index < positions_.size()) positions_[file.index] = kUnknownPosition;
}

}  // namespace fio::vsync
