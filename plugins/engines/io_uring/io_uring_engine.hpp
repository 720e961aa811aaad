// The io_uring engine. queue() fills one SQE, commit() hands the whole batch to the
// kernel with one io_uring_enter, reap() reads completions straight from the CQ ring and
// enters the kernel only to wait. Everything an I/O needs is allocated at creation.
//
// The engine must be created on the thread that then drives it (the core's job thread):
// the ring is created single-issuer when the kernel allows it.
#pragma once

#include "fixed_file_table.hpp"
#include "io_uring_settings.hpp"

#include <fio/sdk/engine.hpp>

#include <liburing.h>
#include <sys/uio.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace fio::engines {

class IoUringEngine final : public sdk::Engine {
public:
    // Returns the engine, or nullptr with `error` saying why it cannot run.
    static std::unique_ptr<IoUringEngine> create(const sdk::EngineSetup& setup, std::string& error);
    ~IoUringEngine() override;

    IoUringEngine(const IoUringEngine&) = delete;
    IoUringEngine& operator=(const IoUringEngine&) = delete;

    sdk::EngineTraits traits() const override;
    int open_file(sdk::FileHandle& file) override;
    void close_file(sdk::FileHandle& file) override;
    int register_buffers(void* const* buffers, std::size_t count, std::size_t buffer_size) override;
    sdk::QueueStatus queue(sdk::IoUnit& unit) override;
    int commit() override;
    int reap(unsigned min, unsigned max, sdk::IoUnit** out, std::int64_t timeout_ns) override;
    std::string last_error() const override { return error_; }

private:
    explicit IoUringEngine(const IoUringSettings& settings);

    void prepare_transfer(io_uring_sqe& sqe, sdk::IoUnit& unit, int fd) noexcept;
    bool uses_fixed_buffer(const sdk::IoUnit& unit) const noexcept;
    int wait_for(unsigned min, std::int64_t timeout_ns);
    // hipri: the kernel returns from a polled wait as soon as its poll list is empty,
    // even while requests are still on their way there, and liburing's timed wait enters
    // only once; so keep polling here until enough completed or the time is up.
    int poll_for(unsigned min, std::int64_t timeout_ns);
    unsigned collect(unsigned max, sdk::IoUnit** out) noexcept;
    int fail(int rc, const char* what);

    io_uring ring_{};
    bool ring_created_ = false;
    IoUringSettings settings_;
    bool nonvectored_ = false;
    int rw_flags_ = 0;                      // RWF_* on every read and write
    std::uint32_t until_forced_async_ = 0;  // I/Os left before the next IOSQE_ASYNC
    std::uint32_t in_flight_ = 0;           // queued and not yet reaped
    std::unique_ptr<iovec[]> iovecs_;       // one per unit, for READV/WRITEV
    std::vector<iovec> fixed_buffers_;      // registered buffers (fixedbufs), by unit index
    FixedFileTable fixed_files_;
    int ring_error_ = 0;  // the ring itself failed: nothing more will complete
    std::string error_;
};

}  // namespace fio::engines
