#include "iolog/iolog_writer.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace fio::core {
namespace {

// Lines are written out in blocks of about this size.
constexpr std::size_t kBufferBytes = 64 * 1024;

IoLogAction action_of(const sdk::IoUnit& unit) noexcept {
    switch (unit.direction) {
        case sdk::IoDirection::read: return IoLogAction::read;
        case sdk::IoDirection::write: return IoLogAction::write;
        case sdk::IoDirection::trim: return IoLogAction::trim;
        case sdk::IoDirection::sync: break;
    }
    switch (unit.sync_kind) {
        case sdk::SyncKind::fdatasync: return IoLogAction::datasync;
        case sdk::SyncKind::file_range: return IoLogAction::sync_file_range;
        case sdk::SyncKind::fsync: break;
    }
    return IoLogAction::sync;
}

}  // namespace

IoLogWriter::IoLogWriter(const std::string& path, std::vector<std::string> files,
                         std::uint64_t start_ns)
    : path_(path), files_(std::move(files)), start_ns_(start_ns),
      buffer_(std::make_unique<char[]>(kBufferBytes)) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        throw IoLogError(fmt::format("write_iolog={}: cannot open it: {}", path, std::strerror(errno)));
    }
    const std::string header = fmt::format("{}\n", kIoLogHeaderV3);
    std::memcpy(buffer_.get(), header.data(), header.size());
    used_ = header.size();
    for (std::uint32_t i = 0; i < files_.size(); ++i) {
        char* at = room_for(files_[i]);
        used_ += format_file_line(at, 0, files_[i], IoLogAction::add);
    }
}

IoLogWriter::~IoLogWriter() {
    if (fd_ >= 0) {
        write_out();
        ::close(fd_);
    }
}

char* IoLogWriter::room_for(std::string_view file) noexcept {
    if (used_ + kIoLogLineMax + file.size() > kBufferBytes) write_out();
    return buffer_.get() + used_;
}

void IoLogWriter::write_out() noexcept {
    std::size_t done = 0;
    while (done < used_ && error_ == 0) {
        const ssize_t n = ::write(fd_, buffer_.get() + done, used_ - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            error_ = n < 0 ? errno : EIO;
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    used_ = 0;
}

void IoLogWriter::file_opened(std::uint32_t file, std::uint64_t now_ns) noexcept {
    if (file >= files_.size()) return;
    char* at = room_for(files_[file]);
    used_ += format_file_line(at, micros_since_start(now_ns), files_[file], IoLogAction::open);
}

void IoLogWriter::file_closed(std::uint32_t file, std::uint64_t now_ns) noexcept {
    if (file >= files_.size()) return;
    char* at = room_for(files_[file]);
    used_ += format_file_line(at, micros_since_start(now_ns), files_[file], IoLogAction::close);
}

void IoLogWriter::record(const sdk::IoUnit& unit) noexcept {
    const std::uint32_t file = unit.file ? unit.file->index : 0;
    if (file >= files_.size()) return;
    const IoLogAction action = action_of(unit);
    const bool sync = unit.direction == sdk::IoDirection::sync;
    const std::uint64_t offset = sync ? last_offset_ : unit.offset;
    char* at = room_for(files_[file]);
    used_ += format_io_line(at, micros_since_start(unit.start_ns), files_[file], action, offset,
                            sync ? 0 : unit.length);
    last_offset_ = offset;
}

void IoLogWriter::record_fsync(std::uint32_t file, std::uint64_t now_ns) noexcept {
    if (file >= files_.size()) return;
    char* at = room_for(files_[file]);
    used_ += format_io_line(at, micros_since_start(now_ns), files_[file], IoLogAction::sync,
                            last_offset_, 0);
}

std::string IoLogWriter::finish() {
    if (fd_ < 0) return {};
    write_out();
    if (::close(fd_) != 0 && error_ == 0) error_ = errno;
    fd_ = -1;
    if (error_ == 0) return {};
    return fmt::format("write_iolog={}: {}", path_, std::strerror(error_));
}

}  // namespace fio::core
