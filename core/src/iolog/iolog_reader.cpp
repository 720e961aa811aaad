#include "iolog/iolog_reader.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

namespace fio::core {
namespace {

// Lines are read in blocks of this size; no line may be longer.
constexpr std::size_t kBufferBytes = 64 * 1024;

// blktrace's binary records start with this magic (the low byte is its version).
constexpr std::uint32_t kBlktraceMagic = 0x65617400;

bool is_blktrace_magic(const char* bytes) noexcept {
    std::uint32_t word;
    std::memcpy(&word, bytes, sizeof word);
    return (word & 0xffffff00u) == kBlktraceMagic ||
           (__builtin_bswap32(word) & 0xffffff00u) == kBlktraceMagic;
}

// A Unix socket to read the log from, as stock accepts one; -1 with errno set.
int connect_socket(const std::string& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        const int error = errno;
        ::close(fd);
        errno = error;
        return -1;
    }
    return fd;
}

std::uint64_t scaled_delay_ns(std::uint64_t micros, std::uint32_t time_scale) noexcept {
    // replay_time_scale is a percentage of the recorded rate: 200 halves each pause.
    constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max() / 100'000;
    if (micros > kMax) return std::numeric_limits<std::uint64_t>::max();
    return micros * 100'000 / std::max<std::uint32_t>(1, time_scale);
}

int direction_of(IoLogAction action) noexcept {
    return action == IoLogAction::read ? 0 : action == IoLogAction::write ? 1 : 2;
}

}  // namespace

IoLogReader::IoLogReader(std::string path, ReplayReading reading)
    : path_(std::move(path)), reading_(std::move(reading)),
      buffer_(std::make_unique<char[]>(kBufferBytes)) {
    if (path_ == "-") {
        fd_ = STDIN_FILENO;
    } else {
        struct stat st {};
        if (::stat(path_.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) {
            fd_ = connect_socket(path_);
        } else {
            fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
        }
        if (fd_ < 0) {
            throw IoLogError(fmt::format("read_iolog={}: cannot open it: {}", path_,
                                         std::strerror(errno)));
        }
        owns_fd_ = true;
    }
    while (end_ < 4 && !eof_) fill();
    if (end_ >= 4 && is_blktrace_magic(buffer_.get())) {
        throw IoLogError(fmt::format(
            "read_iolog={}: a blktrace binary trace is replayed from a file, not from standard "
            "input or a socket",
            path_));
    }
    if (!next_line()) {
        throw IoLogError(fmt::format("read_iolog={}: the log is empty (no version line)", path_));
    }
    version_ = iolog_version(line_);
    if (version_ == 0) {
        fail("not an iolog: the first line must be 'fio version 2 iolog' or 'fio version 3 "
             "iolog' (version 1 logs are no longer read, as in fio)");
    }
}

IoLogReader::~IoLogReader() {
    if (owns_fd_) ::close(fd_);
}

void IoLogReader::fail(const std::string& what) const {
    constexpr std::size_t kQuoted = 80;  // longer lines are cut in the message
    const std::string_view shown = line_.substr(0, kQuoted);
    throw IoLogError(fmt::format("{}:{}: '{}{}': {}", path_, line_number_, shown,
                                 line_.size() > kQuoted ? "..." : "", what));
}

void IoLogReader::fill() {
    // Keep the unfinished line at the start and read on after it.
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    while (true) {
        const ssize_t n = ::read(fd_, buffer_.get() + end_, kBufferBytes - end_);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            throw IoLogError(fmt::format("read_iolog={}: reading it failed after line {}: {}",
                                         path_, line_number_, std::strerror(errno)));
        }
        if (n == 0) eof_ = true;
        end_ += static_cast<std::size_t>(n);
        return;
    }
}

bool IoLogReader::next_line() {
    while (true) {
        const char* start = buffer_.get() + begin_;
        if (const void* nl = std::memchr(start, '\n', end_ - begin_)) {
            const auto length = static_cast<std::size_t>(static_cast<const char*>(nl) - start);
            line_ = std::string_view(start, length);
            begin_ += length + 1;
            ++line_number_;
            return true;
        }
        if (eof_) {
            if (begin_ == end_) return false;
            line_ = std::string_view(start, end_ - begin_);  // a last line without its break
            begin_ = end_;
            ++line_number_;
            return true;
        }
        if (begin_ == 0 && end_ == kBufferBytes) {
            line_ = std::string_view(buffer_.get(), end_);
            ++line_number_;
            fail(fmt::format("a line longer than {} bytes", kBufferBytes));
        }
        fill();
    }
}

std::uint32_t IoLogReader::file_index(std::string_view name, IoLogAction action) {
    std::uint32_t index = last_name_;
    if (index >= names_.size() || names_[index] != name) {
        const auto it = std::find(names_.begin(), names_.end(), name);
        if (it == names_.end()) {
            if (action != IoLogAction::add) {
                fail(fmt::format("file '{}' was not added (an '{} add' line comes first)", name,
                                 name));
            }
            if (files_frozen_ && !reading_.one_file) {
                fail("with read_iolog_chunked every file must be added before the first I/O");
            }
            names_.emplace_back(name);
            if (!reading_.one_file) {
                files_.emplace_back(name);
            } else if (files_.empty()) {
                files_.emplace_back(reading_.spec.redirect.empty() ? std::string(name)
                                                                   : reading_.spec.redirect);
            }
            index = static_cast<std::uint32_t>(names_.size() - 1);
        } else {
            index = static_cast<std::uint32_t>(it - names_.begin());
        }
        last_name_ = index;
    }
    return reading_.one_file ? 0 : index;
}

bool IoLogReader::take_line(ReplayEntry& entry) {
    if (line_.find_first_not_of(" \t\r") == std::string_view::npos) return false;  // blank
    if (const int version = iolog_version(line_)) {
        // Logs are appended to: another run's (or job's) section starts here, its times
        // from 0 again.
        version_ = version;
        timed_ = false;
        return false;
    }
    IoLogLine line;
    try {
        line = parse_iolog_line(line_, version_);
    } catch (const IoLogError& e) {
        fail(e.what());
    }
    if (version_ == 3) {
        if (!reading_.spec.no_stall && timed_ && line.time_us >= last_time_us_) {
            pending_us_ += line.time_us - last_time_us_;
        }
        timed_ = true;
        last_time_us_ = line.time_us;
    }
    if (is_file_action(line.action)) {
        file_index(line.file, line.action);
        return false;
    }
    if (line.action == IoLogAction::wait) {
        if (reading_.spec.no_stall) return false;
        entry = ReplayEntry{};
        entry.action = IoLogAction::wait;
        entry.offset = line.offset;
        return true;
    }
    const std::uint8_t skip = reading_.spec.skip;
    const bool skipped = line.action == IoLogAction::read    ? (skip & kSkipReads) != 0
                         : line.action == IoLogAction::write ? (skip & kSkipWrites) != 0
                         : line.action == IoLogAction::trim  ? (skip & kSkipTrims) != 0
                                                             : (skip & kSkipSyncs) != 0;
    const std::uint32_t file = file_index(line.file, line.action);
    if (skipped) return false;  // its time still counts towards the next I/O's pause
    if (reading_.spec.read_only &&
        (line.action == IoLogAction::write || line.action == IoLogAction::trim)) {
        ++left_out_;
        return false;
    }
    entry = ReplayEntry{};
    entry.action = line.action;
    entry.file = file;
    entry.delay_ns = scaled_delay_ns(pending_us_, reading_.spec.time_scale);
    pending_us_ = 0;
    if (is_sync_action(line.action)) {
        ++syncs_;
        return true;  // a sync covers the whole file: its offset means nothing
    }
    std::uint64_t offset = line.offset;
    if (reading_.spec.scale > 1) offset /= reading_.spec.scale;
    if (reading_.spec.align > 1) offset &= ~(reading_.spec.align - 1);
    if (reading_.max_length != 0 && line.length > reading_.max_length) {
        fail(fmt::format("an I/O of {} bytes is longer than the job's buffers ({} bytes); with "
                         "read_iolog_chunked, set bs= to the longest I/O of the log",
                         line.length, reading_.max_length));
    }
    entry.offset = offset;
    entry.length = line.length;
    const int dir = direction_of(line.action);
    bytes_[dir] += line.length;
    longest_[dir] = std::max(longest_[dir], line.length);
    return true;
}

std::size_t IoLogReader::read(std::vector<ReplayEntry>& out, std::size_t most) {
    std::size_t appended = 0;
    while (appended < most) {
        if (!line_pending_ && !next_line()) break;
        line_pending_ = false;
        ReplayEntry entry;
        if (take_line(entry)) {
            out.push_back(entry);
            ++appended;
        }
    }
    return appended;
}

void IoLogReader::read_file_lines() {
    while (line_pending_ || next_line()) {
        line_pending_ = false;
        const bool blank = line_.find_first_not_of(" \t\r") == std::string_view::npos;
        if (!blank && iolog_version(line_) == 0) {
            bool file_line = false;
            try {
                file_line = is_file_action(parse_iolog_line(line_, version_).action);
            } catch (const IoLogError&) {
                // not a file line: take_line reports it with its place
            }
            if (!file_line) {
                line_pending_ = true;  // read() goes on from here
                return;
            }
        }
        ReplayEntry unused;
        take_line(unused);
    }
}

}  // namespace fio::core
