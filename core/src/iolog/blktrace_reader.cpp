#include "iolog/blktrace_reader.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>

namespace fio::core {
namespace {

constexpr std::size_t kBufferBytes = 64 * 1024;
constexpr std::uint32_t kMostDepth = 1024;  // stacked devices may never complete

// The direction an event belongs to (0 read, 1 write, 2 trim), as stock ranks the bits.
int direction_of(const blktrace::Record& r) noexcept {
    if (r.has(blktrace::kRead)) return 0;
    if (r.has(blktrace::kWrite)) return 1;
    if (r.has(blktrace::kDiscard)) return 2;
    return -1;
}

// Queued minus merged I/Os per direction, the most seen before a completion.
class DepthEstimate {
public:
    void see(const blktrace::Record& r) noexcept {
        const int dir = direction_of(r);
        if (dir < 0) return;
        switch (r.what()) {
        case blktrace::kQueue: ++current_[dir]; break;
        case blktrace::kBackMerge:
        case blktrace::kFrontMerge: --current_[dir]; break;
        case blktrace::kComplete:
            deepest_[dir] = std::max(deepest_[dir], current_[dir]);
            current_[dir] = 0;
            break;
        default: break;
        }
    }
    // The job's depth: the deepest direction, 1 for one never completed, at most 1024.
    std::uint32_t depth(const std::array<std::uint64_t, 3>& ios) const noexcept {
        std::int64_t most = 1;
        for (int dir = 0; dir < 3; ++dir) {
            std::int64_t d = deepest_[dir];
            if (d > kMostDepth) d = kMostDepth;
            if (d <= 0 && ios[dir] != 0) d = 1;
            most = std::max(most, d);
        }
        return static_cast<std::uint32_t>(most);
    }

private:
    std::array<std::int64_t, 3> current_{};
    std::array<std::int64_t, 3> deepest_{};
};

class TraceToReplay {
public:
    TraceToReplay(const std::string& path, const ReplayReading& reading, const DeviceFinder& find)
        : path_(path), reading_(reading), find_(find) {
        result_.log = std::make_shared<ReplayLog>();
        if (reading_.one_file && !reading_.spec.redirect.empty()) {
            result_.log->files.push_back(reading_.spec.redirect);
        }
    }

    void take(blktrace::Record r) {
        const bool notify = r.has(blktrace::kNotify);
        if (!notify) {
            depth_.see(r);
            if (reading_.spec.read_only && (r.has(blktrace::kWrite) || r.has(blktrace::kDiscard))) {
                ++result_.left_out_by_readonly;
                return;
            }
        }
        if (r.what() != blktrace::kQueue || notify) return;
        const std::uint64_t delay_ns = pause_before(r.time_ns);
        if (reading_.spec.align > 1) {
            const std::uint64_t a = reading_.spec.align;
            r.bytes = static_cast<std::uint32_t>((r.bytes + a - 1) & ~(a - 1));
        }
        const std::uint8_t skip = reading_.spec.skip;
        ReplayEntry entry;
        entry.delay_ns = delay_ns;
        if (r.has(blktrace::kDiscard)) {
            if (skip & kSkipTrims) return;
            entry.action = IoLogAction::trim;
        } else if (r.has(blktrace::kFlush)) {
            if (skip & kSkipSyncs) return;
            entry.action = IoLogAction::sync;
        } else {
            entry.action = r.has(blktrace::kWrite) ? IoLogAction::write : IoLogAction::read;
            if (skip & (entry.action == IoLogAction::write ? kSkipWrites : kSkipReads)) return;
            if (r.bytes == 0) {
                if (!warned_zero_bytes_) {
                    std::fprintf(stderr, "fio: %s: ignoring zero byte trace: action=%x\n",
                                 path_.c_str(), r.action);
                    warned_zero_bytes_ = true;
                }
                return;
            }
        }
        entry.file = file_of(r);
        if (entry.action == IoLogAction::sync) {
            ++result_.syncs;
        } else {
            std::uint64_t offset = r.sector * 512;
            if (reading_.spec.scale > 1) offset /= reading_.spec.scale;
            if (reading_.spec.align > 1) offset &= ~(reading_.spec.align - 1);
            entry.offset = offset;
            entry.length = r.bytes;
            const int dir = entry.action == IoLogAction::read ? 0 : entry.action == IoLogAction::write ? 1 : 2;
            result_.log->bytes[dir] += r.bytes;
            result_.log->longest[dir] = std::max(result_.log->longest[dir], r.bytes);
            ++ios_[dir];
        }
        result_.log->entries.push_back(entry);
    }

    BlktraceReplay finish() {
        if (result_.log->entries.empty()) {
            throw IoLogError(fmt::format("read_iolog={}: the blktrace trace has no queued read, "
                                         "write, trim or flush to replay",
                                         path_));
        }
        result_.depth = depth_.depth(ios_);
        result_.log->entries.shrink_to_fit();
        return std::move(result_);
    }

private:
    // The time since the previous queued event, whole microseconds, scaled.
    std::uint64_t pause_before(std::uint64_t time_ns) noexcept {
        const bool first = !timed_;
        const std::uint64_t since = first || time_ns < last_ns_ ? 0 : time_ns - last_ns_;
        timed_ = true;
        last_ns_ = time_ns;
        if (first || reading_.spec.no_stall) return 0;
        const std::uint32_t scale = std::max<std::uint32_t>(1, reading_.spec.time_scale);
        const auto scaled = static_cast<std::uint64_t>(static_cast<double>(since) * 100.0 / scale);
        return scaled / 1000 * 1000;
    }

    std::uint32_t file_of(const blktrace::Record& r) {
        if (reading_.one_file) {
            // replay_redirect's file (added up front), or the one handle of an engine
            // without files, which only needs a name.
            if (result_.log->files.empty()) {
                result_.log->files.push_back(find_(r.device_major(), r.device_minor())
                                                 .value_or(fmt::format("{}:{}", r.device_major(), r.device_minor())));
            }
            return 0;
        }
        const auto known = files_.find(r.device);
        if (known != files_.end()) return known->second;
        const auto node = find_(r.device_major(), r.device_minor());
        if (!node) {
            throw IoLogError(fmt::format(
                "read_iolog={}: the trace's device {}:{} is no block device under /dev here "
                "(replay_redirect= names where to replay it)",
                path_, r.device_major(), r.device_minor()));
        }
        const auto index = static_cast<std::uint32_t>(result_.log->files.size());
        result_.log->files.push_back(*node);
        files_.emplace(r.device, index);
        return index;
    }

    std::string path_;
    const ReplayReading& reading_;
    const DeviceFinder& find_;
    BlktraceReplay result_;
    DepthEstimate depth_;
    std::array<std::uint64_t, 3> ios_{};
    std::map<std::uint32_t, std::uint32_t> files_;  // traced device -> file index
    bool timed_ = false;
    std::uint64_t last_ns_ = 0;
    bool warned_zero_bytes_ = false;
};

std::optional<std::string> search_devices(const std::filesystem::path& dir, dev_t wanted, int depth) {
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        struct stat st {};
        if (::lstat(it->path().c_str(), &st) != 0) continue;
        if (S_ISBLK(st.st_mode) && st.st_rdev == wanted) return it->path().string();
        if (S_ISDIR(st.st_mode) && depth > 0) {
            if (auto found = search_devices(it->path(), wanted, depth - 1)) return found;
        }
    }
    return std::nullopt;
}

}  // namespace

BlktraceStream::BlktraceStream(std::string path) : path_(std::move(path)), buffer_(kBufferBytes) {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
        throw IoLogError(fmt::format("read_iolog={}: cannot open it: {}", path_, std::strerror(errno)));
    }
    std::uint32_t first = 0;
    if (!fill(sizeof first)) fail("too short for a blktrace trace");
    std::memcpy(&first, buffer_.data(), sizeof first);
    const auto swap = blktrace::magic_needs_swap(first);
    if (!swap) fail("not a blktrace trace (no blktrace magic at its start)");
    swap_ = *swap;
}

BlktraceStream::~BlktraceStream() {
    if (fd_ >= 0) ::close(fd_);
}

void BlktraceStream::fail(const std::string& what) const {
    throw IoLogError(fmt::format("read_iolog={}: record {}: {}", path_, records_ + 1, what));
}

bool BlktraceStream::fill(std::size_t wanted) {
    while (end_ - begin_ < wanted) {
        if (begin_ != 0) {
            std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
            end_ -= begin_;
            begin_ = 0;
        }
        const ssize_t got = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
        if (got < 0) {
            if (errno == EINTR) continue;
            fail(fmt::format("cannot read it: {}", std::strerror(errno)));
        }
        if (got == 0) return false;
        end_ += static_cast<std::size_t>(got);
    }
    return true;
}

std::optional<blktrace::Record> BlktraceStream::next() {
    if (!fill(blktrace::kRecordSize)) {
        if (end_ != begin_) fail("the trace ends inside a record");
        return std::nullopt;
    }
    const auto record = blktrace::decode_record(buffer_.data() + begin_, swap_);
    if ((record.magic & 0xffffff00u) != blktrace::kMagic) {
        fail(fmt::format("bad magic {:#x}", record.magic));
    }
    if ((record.magic & 0xffu) != blktrace::kVersion) {
        fail(fmt::format("blktrace version {} (version {} is read)", record.magic & 0xffu,
                         blktrace::kVersion));
    }
    begin_ += blktrace::kRecordSize;
    if (!fill(record.pdu_len)) fail("the trace ends inside a record's payload");
    begin_ += record.pdu_len;
    ++records_;
    return record;
}

void BlktraceStream::rewind() {
    if (::lseek(fd_, 0, SEEK_SET) != 0) fail(fmt::format("cannot seek: {}", std::strerror(errno)));
    begin_ = end_ = 0;
    records_ = 0;
}

bool is_blktrace_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    std::uint32_t first = 0;
    const bool read_all = ::read(fd, &first, sizeof first) == static_cast<ssize_t>(sizeof first);
    ::close(fd);
    return read_all && blktrace::magic_needs_swap(first).has_value();
}

std::optional<std::string> find_block_device(unsigned device_major, unsigned device_minor) {
    return search_devices("/dev", makedev(device_major, device_minor), 4);
}

BlktraceReplay read_blktrace(const std::string& path, const ReplayReading& reading,
                             const DeviceFinder& find_device) {
    BlktraceStream stream(path);
    TraceToReplay replay(path, reading, find_device);
    while (auto record = stream.next()) replay.take(*record);
    return replay.finish();
}

}  // namespace fio::core
