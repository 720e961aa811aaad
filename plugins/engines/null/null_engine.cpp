// The null engine: moves no data and touches no file. It measures the tester itself.
// With iodepth 1 it completes in queue(); deeper, it behaves like an async engine
// (queue, commit, reap) so the core's async path can be exercised without a device.
#include <fio/sdk/engine.hpp>
#include <fio/sdk/plugin.hpp>

#include <cstring>
#include <new>
#include <vector>

namespace {

using namespace fio::sdk;

class NullEngine final : public Engine {
public:
    explicit NullEngine(std::uint32_t iodepth)
        : iodepth_(iodepth ? iodepth : 1), queued_(iodepth_), completed_(iodepth_) {}

    EngineTraits traits() const override {
        EngineTraits t;
        t.completes_in_queue = iodepth_ == 1;
        return t;
    }

    QueueStatus queue(IoUnit& unit) override {
        unit.result = unit.length;
        if (iodepth_ == 1) return QueueStatus::completed;
        if (queued_count_ + completed_count_ >= iodepth_) return QueueStatus::busy;
        queued_[queued_count_++] = &unit;
        return QueueStatus::queued;
    }

    int commit() override {
        for (unsigned i = 0; i < queued_count_; ++i) completed_[completed_count_++] = queued_[i];
        queued_count_ = 0;
        return 0;
    }

    int reap(unsigned /*min*/, unsigned max, IoUnit** out, std::int64_t /*timeout_ns*/) override {
        const unsigned n = completed_count_ < max ? completed_count_ : max;
        std::memcpy(out, completed_.data(), n * sizeof(IoUnit*));
        // Keep whatever is left at the front for the next reap.
        std::memmove(completed_.data(), completed_.data() + n,
                     (completed_count_ - n) * sizeof(IoUnit*));
        completed_count_ -= n;
        return static_cast<int>(n);
    }

private:
    unsigned iodepth_;
    std::vector<IoUnit*> queued_;
    std::vector<IoUnit*> completed_;
    unsigned queued_count_ = 0;
    unsigned completed_count_ = 0;
};

Engine* make_null_engine(const EngineSetup& setup, char*, std::size_t) {
    return new (std::nothrow) NullEngine(setup.iodepth);
}

}  // namespace

FIO_DECLARE_ENGINE_PLUGIN("null", "1.0.0", "Completes every I/O at once without moving data",
                          ::fio::sdk::kEngineDiskless | ::fio::sdk::kEngineDiscardsData, FIO_NO_OPTIONS,
                          make_null_engine);
