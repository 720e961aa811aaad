// The libaio engine (Linux native AIO). queue() fills one iocb, commit() hands the batch
// to io_submit in one call, reap() collects with io_getevents, or with userspace_reap
// reads the completion ring directly and calls io_getevents only to wait. Everything an
// I/O needs is allocated at creation.
//
// Buffered I/O on a regular file runs synchronously inside io_submit (the kernel's AIO
// only queues O_DIRECT I/O); the results are still delivered as completions.
#pragma once

#include "aio_user_ring.hpp"
#include <fio/sdk/io_priority.hpp>

#include <fio/sdk/engine.hpp>

#include <libaio.h>

#include <cstdint>
#include <memory>
#include <string>

namespace fio::engines {

class LibaioEngine final : public sdk::Engine {
public:
    // Returns the engine, or nullptr with `error` saying why it cannot run.
    static std::unique_ptr<LibaioEngine> create(const sdk::EngineSetup& setup, std::string& error);
    ~LibaioEngine() override;

    LibaioEngine(const LibaioEngine&) = delete;
    LibaioEngine& operator=(const LibaioEngine&) = delete;

    sdk::EngineTraits traits() const override { return {}; }
    sdk::QueueStatus queue(sdk::IoUnit& unit) override;
    int commit() override;
    int reap(unsigned min, unsigned max, sdk::IoUnit** out, std::int64_t timeout_ns) override;
    std::string last_error() const override { return error_; }

private:
    explicit LibaioEngine(const sdk::EngineSetup& setup);

    unsigned take_rejected(unsigned max, sdk::IoUnit** out) noexcept;
    int wait_for_kernel(unsigned min, unsigned max, sdk::IoUnit** out, std::int64_t timeout_ns);

    io_context_t context_ = nullptr;
    std::uint32_t depth_;
    bool userspace_reap_;
    int rw_flags_ = 0;  // RWF_* on every read and write
    sdk::CommandPriority priority_;
    std::unique_ptr<iocb[]> iocbs_;     // one per unit, by unit index
    std::unique_ptr<iocb*[]> pending_;  // queued, not yet taken by io_submit
    std::uint32_t pending_count_ = 0;
    std::unique_ptr<sdk::IoUnit*[]> rejected_;  // refused by io_submit; reap() reports them
    std::uint32_t rejected_count_ = 0;
    std::uint32_t in_kernel_ = 0;  // submitted and not yet reaped
    std::unique_ptr<io_event[]> events_;
    AioUserRing user_ring_;
    std::string error_;
};

}  // namespace fio::engines
