// The vsync engine: readv(2)/writev(2) after lseek(2). It emulates queueing the way
// stock fio's vsync does: queue() only collects units, commit() issues each run of
// contiguous same-direction units on one file as a single vectored call (see
// merged_io.hpp), and reap() hands back what commit() finished. At iodepth 1 nothing
// can merge, so it completes in queue() like sync.
#include "merged_io.hpp"

#include <fio/sdk/engine.hpp>
#include <fio/sdk/posix_io.hpp>
#include <fio/sdk/plugin.hpp>
#include <fio/sdk/posix_io.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <vector>

namespace {

using namespace fio::sdk;

class VsyncEngine final : public Engine {
public:
    explicit VsyncEngine(std::uint32_t iodepth)
        : iodepth_(iodepth ? iodepth : 1),
          merged_(iodepth_),
          pending_(iodepth_),
          completed_(iodepth_) {}

    EngineTraits traits() const override {
        EngineTraits t;
        t.completes_in_queue = iodepth_ == 1;
        t.sets_issue_time = true;  // the I/O starts in commit(), not when commit() returns
        return t;
    }

    int open_file(FileHandle& file) override {
        merged_.track(file);
        return 0;
    }

    void close_file(FileHandle& file) override { merged_.forget(file); }

    QueueStatus queue(IoUnit& unit) override {
        switch (unit.direction) {
            case IoDirection::sync:
                // A sync must follow the writes queued before it: let the core commit them.
                if (pending_count_ > 0) return QueueStatus::busy;
                unit.result = fio::sdk::run_sync(unit, unit.file->fd);
                return QueueStatus::completed;
            case IoDirection::trim:
                unit.result = discard_blocks(unit);
                return QueueStatus::completed;
            case IoDirection::read:
            case IoDirection::write:
                break;
        }
        if (iodepth_ == 1) {
            IoUnit* run = &unit;
            merged_.issue(&run, 1);
            return QueueStatus::completed;
        }
        if (pending_count_ + completed_count_ >= iodepth_) return QueueStatus::busy;
        pending_[pending_count_++] = &unit;
        return QueueStatus::queued;
    }

    int commit() override {
        for (unsigned start = 0; start < pending_count_;) {
            const std::size_t length = merged_.run_length(&pending_[start], pending_count_ - start);
            merged_.issue(&pending_[start], length);
            start += static_cast<unsigned>(length);
        }
        std::memcpy(completed_.data() + completed_count_, pending_.data(),
                    pending_count_ * sizeof(IoUnit*));
        completed_count_ += pending_count_;
        pending_count_ = 0;
        return 0;
    }

    int reap(unsigned /*min*/, unsigned max, IoUnit** out, std::int64_t /*timeout_ns*/) override {
        // Everything committed is complete already, so there is never anything to wait for.
        const unsigned n = completed_count_ < max ? completed_count_ : max;
        std::memcpy(out, completed_.data(), n * sizeof(IoUnit*));
        std::memmove(completed_.data(), completed_.data() + n,
                     (completed_count_ - n) * sizeof(IoUnit*));
        completed_count_ -= n;
        return static_cast<int>(n);
    }

private:
    unsigned iodepth_;
    fio::vsync::MergedIo merged_;
    std::vector<IoUnit*> pending_;    // queued, not yet committed, in queue order
    std::vector<IoUnit*> completed_;  // committed (so complete), not yet reaped
    unsigned pending_count_ = 0;
    unsigned completed_count_ = 0;
};

Engine* make_vsync_engine(const EngineSetup& setup, char*, std::size_t) {
    return new (std::nothrow) VsyncEngine(setup.iodepth);
}

}  // namespace

FIO_DECLARE_ENGINE_PLUGIN("vsync", "1.0.0",
                          "readv(2)/writev(2) after lseek(2), merging contiguous queued I/Os",
                          ::fio::sdk::kPluginNoFlags, FIO_NO_OPTIONS, make_vsync_engine);
