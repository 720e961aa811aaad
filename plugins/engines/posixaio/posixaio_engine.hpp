// The posixaio engine: POSIX asynchronous I/O as the C library provides it (aio_read,
// aio_write, aio_fsync; aio_error and aio_return to collect, aio_suspend to wait).
// glibc runs each request on a helper thread with pread/pwrite/fsync, one request at
// a time per file descriptor, so a job on one file gains little depth; stock fio's
// engine is the same. Everything an I/O needs is allocated at creation.
//
// As stock fio 3.33's engine does: every sync (fsync, fdatasync, sync_file_range) is
// aio_fsync(O_SYNC), that is an fsync; a trim waits for the I/O in flight and is then
// the SDK's synchronous BLKDISCARD. The engine never answers busy: where stock would
// (a trim behind I/O in flight, EAGAIN from the library), it waits for completions
// itself and keeps them for the next reap().
#pragma once

#include <fio/sdk/engine.hpp>

#include <aio.h>

#include <cstdint>
#include <memory>
#include <string>

namespace fio::engines {

class PosixAioEngine final : public sdk::Engine {
public:
    // Returns the engine, or nullptr with `error` saying why it cannot run.
    static std::unique_ptr<PosixAioEngine> create(const sdk::EngineSetup& setup,
                                                  std::string& error);
    ~PosixAioEngine() override;

    PosixAioEngine(const PosixAioEngine&) = delete;
    PosixAioEngine& operator=(const PosixAioEngine&) = delete;

    sdk::EngineTraits traits() const override { return {}; }
    sdk::QueueStatus queue(sdk::IoUnit& unit) override;
    int reap(unsigned min, unsigned max, sdk::IoUnit** out, std::int64_t timeout_ns) override;
    std::string last_error() const override { return error_; }

private:
    explicit PosixAioEngine(std::uint32_t depth);

    // Hands `unit` to the library: 0, or the errno it refused with.
    int submit(sdk::IoUnit& unit) noexcept;
    // Moves every finished request from flight to ready; returns how many are left.
    std::uint32_t collect_finished() noexcept;
    // Waits until a request in flight finishes or `timeout` (nullptr: none) passes.
    // Returns false on timeout.
    bool wait_for_any(const timespec* timeout) noexcept;
    // Waits for everything in flight; the completions stay ready for reap().
    void drain() noexcept;

    std::unique_ptr<aiocb[]> control_blocks_;    // one per unit, by unit index
    std::unique_ptr<sdk::IoUnit*[]> flight_;     // submitted, not finished
    std::uint32_t flight_count_ = 0;
    std::unique_ptr<sdk::IoUnit*[]> ready_;      // finished, not yet reaped
    std::uint32_t ready_count_ = 0;
    std::unique_ptr<const aiocb*[]> wait_list_;  // for aio_suspend
    std::string error_;
};

}  // namespace fio::engines
