#include "posixaio_engine.hpp"

#include <fio/sdk/posix_io.hpp>

#include <fcntl.h>
#include <time.h>

#include <algorithm>
#include <cerrno>

namespace fio::engines {
namespace {

using sdk::IoDirection;
using sdk::IoUnit;
using sdk::QueueStatus;

constexpr std::int64_t kNsPerSecond = 1'000'000'000;

std::int64_t monotonic_now_ns() noexcept {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * kNsPerSecond + now.tv_nsec;
}

}  // namespace

std::unique_ptr<PosixAioEngine> PosixAioEngine::create(const sdk::EngineSetup& setup,
                                                       std::string&) {
    return std::unique_ptr<PosixAioEngine>(new PosixAioEngine(setup.iodepth));
}

PosixAioEngine::PosixAioEngine(std::uint32_t depth)
    : control_blocks_(new aiocb[depth]()),
      flight_(new IoUnit*[depth]),
      ready_(new IoUnit*[depth]),
      wait_list_(new const aiocb*[depth]) {}

PosixAioEngine::~PosixAioEngine() {
    // The library's helper threads may still write into the job's buffers: wait for them.
    drain();
}

int PosixAioEngine::submit(IoUnit& unit) noexcept {
    aiocb& cb = control_blocks_[unit.index];
    cb = aiocb{};
    cb.aio_fildes = unit.file->fd;
    cb.aio_buf = unit.buffer;
    cb.aio_nbytes = unit.length;
    cb.aio_offset = static_cast<off_t>(unit.offset);
    cb.aio_sigevent.sigev_notify = SIGEV_NONE;
    int rc = 0;
    switch (unit.direction) {
        case IoDirection::read: rc = ::aio_read(&cb); break;
        case IoDirection::write: rc = ::aio_write(&cb); break;
        // Every kind of sync, as stock's engine issues it: an fsync.
        default: rc = ::aio_fsync(O_SYNC, &cb); break;
    }
    return rc == 0 ? 0 : errno;
}

QueueStatus PosixAioEngine::queue(IoUnit& unit) {
    if (unit.direction == IoDirection::trim) {
        // Stock's engine trims only once nothing is in flight.
        drain();
        unit.result = sdk::discard_blocks(unit);
        return QueueStatus::completed;
    }
    for (;;) {
        const int error = submit(unit);
        if (error == 0) {
            flight_[flight_count_++] = &unit;
            return QueueStatus::queued;
        }
        if (error != EAGAIN || flight_count_ == 0) {
            unit.result = -error;
            return QueueStatus::completed;
        }
        // The library is out of request slots for now; finishing requests free them.
        wait_for_any(nullptr);
        collect_finished();
    }
}

std::uint32_t PosixAioEngine::collect_finished() noexcept {
    std::uint32_t kept = 0;
    for (std::uint32_t i = 0; i < flight_count_; ++i) {
        IoUnit* unit = flight_[i];
        aiocb& cb = control_blocks_[unit->index];
        const int error = ::aio_error(&cb);
        if (error == EINPROGRESS) {
            flight_[kept++] = unit;
            continue;
        }
        // aio_return is due once per finished request: it releases the request.
        const ssize_t transferred = ::aio_return(&cb);
        unit->result = error == 0 ? transferred : -(error > 0 ? error : EIO);
        ready_[ready_count_++] = unit;
    }
    flight_count_ = kept;
    return kept;
}

bool PosixAioEngine::wait_for_any(const timespec* timeout) noexcept {
    for (std::uint32_t i = 0; i < flight_count_; ++i) {
        wait_list_[i] = &control_blocks_[flight_[i]->index];
    }
    if (::aio_suspend(wait_list_.get(), static_cast<int>(flight_count_), timeout) == 0) {
        return true;
    }
    return errno != EAGAIN;  // EINTR: the caller looks again
}

void PosixAioEngine::drain() noexcept {
    while (collect_finished() != 0) wait_for_any(nullptr);
}

int PosixAioEngine::reap(unsigned min, unsigned max, IoUnit** out, std::int64_t timeout_ns) {
    min = std::min(min, flight_count_ + ready_count_);  // never wait for what cannot come
    std::int64_t deadline_ns = -1;
    unsigned count = 0;
    for (;;) {
        collect_finished();
        const unsigned taken = std::min(max - count, ready_count_);
        std::copy(ready_.get(), ready_.get() + taken, out + count);
        std::copy(ready_.get() + taken, ready_.get() + ready_count_, ready_.get());
        ready_count_ -= taken;
        count += taken;
        if (count >= min || count == max || flight_count_ == 0) return static_cast<int>(count);

        timespec limit{};
        const timespec* timeout = nullptr;
        if (timeout_ns >= 0) {
            const std::int64_t now = monotonic_now_ns();
            if (deadline_ns < 0) deadline_ns = now + timeout_ns;
            if (now >= deadline_ns) return static_cast<int>(count);
            limit.tv_sec = (deadline_ns - now) / kNsPerSecond;
            limit.tv_nsec = (deadline_ns - now) % kNsPerSecond;
            timeout = &limit;
        }
        if (!wait_for_any(timeout)) return static_cast<int>(count);  // timed out
    }
}

}  // namespace fio::engines
