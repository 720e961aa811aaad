#include "io_uring_engine.hpp"

#include "ring_setup.hpp"
#include "rw_flag_probe.hpp"

#include <fio/sdk/posix_io.hpp>

#include <linux/fs.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace fio::engines {
namespace {

using sdk::IoDirection;
using sdk::IoUnit;
using sdk::QueueStatus;
using sdk::SyncKind;

// The kernel registers at most this many buffers per ring (IORING_MAX_REG_BUFFERS).
constexpr std::size_t kMaxRegisteredBuffers = 1u << 14;
// Registering pins the buffers' pages for the job's lifetime. Unasked for, pin no more
// than this (iodepth 256 of 256 KiB blocks), so a huge job is not refused or slowed to
// start by a locked-memory limit it never chose.
constexpr std::size_t kMostAutoRegisteredBytes = std::size_t{64} << 20;

// nonvectored=-1: plain READ/WRITE (5.6+) save the kernel copying an iovec per I/O.
bool kernel_has_plain_read_write(io_uring& ring) {
    io_uring_probe* probe = io_uring_get_probe_ring(&ring);
    if (probe == nullptr) return false;
    const bool supported = io_uring_opcode_supported(probe, IORING_OP_READ) &&
                           io_uring_opcode_supported(probe, IORING_OP_WRITE);
    io_uring_free_probe(probe);
    return supported;
}

}  // namespace

std::unique_ptr<IoUringEngine> IoUringEngine::create(const sdk::EngineSetup& setup,
                                                     std::string& error) {
    const IoUringSettings settings = read_io_uring_settings(setup);
    if (settings.polled_completions && !settings.direct) {
        error = "hipri (polled completions) needs direct=1: the kernel polls only for O_DIRECT I/O";
        return nullptr;
    }
    if (!settings.priority.error().empty()) {
        error = settings.priority.error();
        return nullptr;
    }
    std::unique_ptr<IoUringEngine> engine(new IoUringEngine(settings));
    RingRequest request;
    request.iodepth = settings.iodepth;
    request.polled_completions = settings.polled_completions;
    request.sq_thread = settings.sq_thread;
    request.sq_thread_cpu = settings.sq_thread ? settings.sq_thread_cpu : -1;
    if (create_ring(engine->ring_, request, error) < 0) return nullptr;
    engine->ring_created_ = true;
    engine->nonvectored_ = settings.nonvectored < 0 ? kernel_has_plain_read_write(engine->ring_)
                                                    : settings.nonvectored == 1;
    return engine;
}

IoUringEngine::IoUringEngine(const IoUringSettings& settings)
    : settings_(settings),
      until_forced_async_(settings.force_async_every),
      iovecs_(new iovec[settings.iodepth]) {
    if (settings_.nowait) rw_flags_ |= RWF_NOWAIT;
    if (settings_.uncached) rw_flags_ |= kRwfDontCache;
}

IoUringEngine::~IoUringEngine() {
    if (ring_created_) io_uring_queue_exit(&ring_);
}

sdk::EngineTraits IoUringEngine::traits() const {
    sdk::EngineTraits traits;
    traits.can_register_buffers = settings_.fixed_buffers != Registration::off;
    return traits;
}

int IoUringEngine::open_file(sdk::FileHandle& file) {
    const std::string path = file.path ? file.path : "the file";
    if (settings_.uncached && !kernel_accepts_rw_flag(file.fd, kRwfDontCache)) {
        error_ =
            "uncached=1: the kernel refuses uncached buffered I/O (RWF_DONTCACHE, Linux "
            "6.14+, needs filesystem support) on " +
            path;
        return -EOPNOTSUPP;
    }
    if (settings_.fixed_files == Registration::off) return 0;
    const int rc = fixed_files_.set(ring_, file.index, file.fd);
    // Unasked for, a file the ring cannot hold is simply named by its descriptor.
    if (rc < 0 && settings_.fixed_files == Registration::required) {
        error_ = "registerfiles: cannot register " + path + " with the ring: " + std::strerror(-rc);
        return rc;
    }
    return 0;
}

void IoUringEngine::close_file(sdk::FileHandle& file) {
    if (settings_.fixed_files != Registration::off) fixed_files_.clear(ring_, file.index);
}

int IoUringEngine::register_buffers(void* const* buffers, std::size_t count,
                                    std::size_t buffer_size) {
    if (settings_.fixed_buffers == Registration::off) return 0;
    const bool required = settings_.fixed_buffers == Registration::required;
    if (!required && count * buffer_size > kMostAutoRegisteredBytes) return 0;
    if (count > kMaxRegisteredBuffers) {
        if (!required) return 0;
        error_ = "fixedbufs: the kernel registers at most " +
                 std::to_string(kMaxRegisteredBuffers) + " buffers, the job has " +
                 std::to_string(count) + " (lower iodepth)";
        return -EINVAL;
    }
    std::vector<iovec> registered(count);
    for (std::size_t i = 0; i < count; ++i) registered[i] = {buffers[i], buffer_size};
    if (!fixed_buffers_.empty()) io_uring_unregister_buffers(&ring_);
    fixed_buffers_.clear();
    const int rc =
        io_uring_register_buffers(&ring_, registered.data(), static_cast<unsigned>(count));
    if (rc < 0 && !required) return 0;  // unasked for: plain buffers work as well
    if (rc < 0) {
        error_ = "fixedbufs: cannot register " + std::to_string(count) + " buffers of " +
                 std::to_string(buffer_size) + " bytes: " + std::strerror(-rc) +
                 (rc == -ENOMEM ? " (check the locked memory limit, ulimit -l)" : "");
        return rc;
    }
    fixed_buffers_ = std::move(registered);
    return 0;
}

bool IoUringEngine::uses_fixed_buffer(const IoUnit& unit) const noexcept {
    if (unit.index >= fixed_buffers_.size()) return false;
    // The core hands unit i the buffer registered at i; anything else goes unregistered.
    const auto* start = static_cast<const char*>(fixed_buffers_[unit.index].iov_base);
    const auto* data = static_cast<const char*>(unit.buffer);
    return data >= start && data + unit.length <= start + fixed_buffers_[unit.index].iov_len;
}

void IoUringEngine::prepare_transfer(io_uring_sqe& sqe, IoUnit& unit, int fd) noexcept {
    const bool read = unit.direction == IoDirection::read;
    if (uses_fixed_buffer(unit)) {
        io_uring_prep_rw(read ? IORING_OP_READ_FIXED : IORING_OP_WRITE_FIXED, &sqe, fd, unit.buffer,
                         unit.length, unit.offset);
        sqe.buf_index = static_cast<__u16>(unit.index);
    } else if (nonvectored_) {
        io_uring_prep_rw(read ? IORING_OP_READ : IORING_OP_WRITE, &sqe, fd, unit.buffer,
                         unit.length, unit.offset);
    } else {
        iovec& vector = iovecs_[unit.index];
        vector.iov_base = unit.buffer;
        vector.iov_len = unit.length;
        io_uring_prep_rw(read ? IORING_OP_READV : IORING_OP_WRITEV, &sqe, fd, &vector, 1,
                         unit.offset);
    }
    sqe.rw_flags = rw_flags_;
    // 0 leaves the I/O at the thread's own priority (the job's prio/prioclass).
    sqe.ioprio = settings_.priority.next(unit.direction, unit.length);
    if (sqe.ioprio != 0) unit.ioprio = sqe.ioprio;
}

QueueStatus IoUringEngine::queue(IoUnit& unit) {
    if (unit.direction == IoDirection::trim) {
        // As stock fio's engine: the discard is done here, synchronously, and the unit
        // completes without going through the queue.
        unit.result = discard_blocks(unit);
        return QueueStatus::completed;
    }
    const bool sync = unit.direction == IoDirection::sync;
    if (sync && unit.sync_kind == SyncKind::file_range && unit.length == 0 &&
        (unit.sync_range_flags & sdk::kSyncRangeToEnd) == 0) {
        unit.result = 0;  // nothing written since the last one (see SyncKind)
        return QueueStatus::completed;
    }
    io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
    if (sqe == nullptr) return QueueStatus::busy;  // only when iodepth exceeds the SQ ring
    const bool fixed_file = fixed_files_.holds(unit.file->index);
    const int fd = fixed_file ? static_cast<int>(unit.file->index) : unit.file->fd;
    if (sync) {
        switch (unit.sync_kind) {
            case SyncKind::fsync: io_uring_prep_fsync(sqe, fd, 0); break;
            case SyncKind::fdatasync: io_uring_prep_fsync(sqe, fd, IORING_FSYNC_DATASYNC); break;
            case SyncKind::file_range:
                // Length 0 is "to the end of the file" for the kernel too.
                io_uring_prep_sync_file_range(
                    sqe, fd, unit.length, unit.offset,
                    static_cast<int>(unit.sync_range_flags & ~sdk::kSyncRangeToEnd));
                break;
        }
    } else {
        prepare_transfer(*sqe, unit, fd);
    }
    if (fixed_file) sqe->flags |= IOSQE_FIXED_FILE;
    if (until_forced_async_ != 0 && --until_forced_async_ == 0) {
        sqe->flags |= IOSQE_ASYNC;
        until_forced_async_ = settings_.force_async_every;
    }
    io_uring_sqe_set_data(sqe, &unit);
    ++in_flight_;
    return QueueStatus::queued;
}

int IoUringEngine::commit() {
    for (;;) {
        const int rc = io_uring_submit(&ring_);
        if (rc >= 0) {
            // A kernel without SUBMIT_ALL stops the batch after a request it rejects; the
            // rest is still in the SQ ring. The SQ thread consumes at its own pace.
            if (rc == 0 || settings_.sq_thread || io_uring_sq_ready(&ring_) == 0) return 0;
            continue;
        }
        if (rc == -EINTR) continue;
        // Short of resources for now: the batch stays in the SQ ring and reap() retries.
        if (rc == -EAGAIN || rc == -EBUSY) return 0;
        ring_error_ = rc;
        return fail(rc, "io_uring_submit");
    }
}

int IoUringEngine::poll_for(unsigned min, std::int64_t timeout_ns) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(timeout_ns);
    while (io_uring_cq_ready(&ring_) < min) {
        const int rc = io_uring_enter(static_cast<unsigned>(ring_.ring_fd), 0, min,
                                      IORING_ENTER_GETEVENTS, nullptr);
        if (rc < 0 && rc != -EINTR && rc != -EAGAIN) return rc;
        if (timeout_ns >= 0 && std::chrono::steady_clock::now() >= deadline) return -ETIME;
    }
    return 0;
}

int IoUringEngine::wait_for(unsigned min, std::int64_t timeout_ns) {
    // Nothing to wait for, but the kernel holds completions it has not posted yet.
    if (min == 0) return io_uring_get_events(&ring_);
    if (settings_.polled_completions) return poll_for(min, timeout_ns);
    io_uring_cqe* cqe = nullptr;
    if (timeout_ns < 0) return io_uring_wait_cqe_nr(&ring_, &cqe, min);
    __kernel_timespec timeout{};
    timeout.tv_sec = timeout_ns / 1'000'000'000;
    timeout.tv_nsec = timeout_ns % 1'000'000'000;
    return io_uring_wait_cqes(&ring_, &cqe, min, &timeout, nullptr);
}

unsigned IoUringEngine::collect(unsigned max, IoUnit** out) noexcept {
    unsigned head = 0;
    unsigned count = 0;
    io_uring_cqe* cqe = nullptr;
    io_uring_for_each_cqe(&ring_, head, cqe) {
        if (count == max) break;
        auto* unit = static_cast<IoUnit*>(io_uring_cqe_get_data(cqe));
        unit->result = cqe->res;
        out[count++] = unit;
    }
    io_uring_cq_advance(&ring_, count);
    in_flight_ -= count;
    return count;
}

int IoUringEngine::reap(unsigned min, unsigned max, IoUnit** out, std::int64_t timeout_ns) {
    if (!settings_.sq_thread && io_uring_sq_ready(&ring_) != 0) {
        if (const int rc = commit(); rc < 0) return rc;
    }
    // Never wait for completions that cannot come.
    if (min > in_flight_) min = in_flight_;
    const unsigned ready = io_uring_cq_ready(&ring_);
    // With nothing ready, even a caller that will not wait needs the kernel when it holds
    // completions back (deferred task work, CQ overflow) or only posts them when polled.
    const bool only_kernel_can_post =
        ready == 0 && in_flight_ != 0 &&
        (settings_.polled_completions ||
         (IO_URING_READ_ONCE(*ring_.sq.kflags) & (IORING_SQ_TASKRUN | IORING_SQ_CQ_OVERFLOW)));
    if (ready < min || only_kernel_can_post) {
        const int rc = wait_for(min, timeout_ns);
        // A timeout or a signal ends the wait early: return what has completed.
        if (rc < 0 && rc != -ETIME && rc != -EINTR && rc != -EAGAIN)
            return fail(rc, "io_uring_enter");
    }
    const unsigned count = collect(max, out);
    if (count == 0 && ring_error_ != 0) return ring_error_;
    return static_cast<int>(count);
}

int IoUringEngine::fail(int rc, const char* what) {
    error_ = std::string(what) + " failed: " + std::strerror(-rc);
    return rc;
}

}  // namespace fio::engines
