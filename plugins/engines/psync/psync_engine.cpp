// The psync engine: pread(2)/pwrite(2) at the unit's offset. Every I/O completes
// inside queue().
#include <fio/sdk/engine.hpp>
#include <fio/sdk/plugin.hpp>
#include <fio/sdk/posix_io.hpp>

#include <unistd.h>

#include <cerrno>
#include <new>

namespace {

using namespace fio::sdk;

class PsyncEngine final : public Engine {
public:
    EngineTraits traits() const override {
        EngineTraits t;
        t.completes_in_queue = true;
        return t;
    }

    QueueStatus queue(IoUnit& unit) override {
        run_positional_io(
            unit, [&](int fd, off_t at) { return ::pread(fd, unit.buffer, unit.length, at); },
            [&](int fd, off_t at) { return ::pwrite(fd, unit.buffer, unit.length, at); });
        return QueueStatus::completed;
    }
};

Engine* make_psync_engine(const EngineSetup&, char*, std::size_t) {
    return new (std::nothrow) PsyncEngine();
}

}  // namespace

FIO_DECLARE_ENGINE_PLUGIN("psync", "1.0.0", "Positional pread(2)/pwrite(2)",
                          ::fio::sdk::kPluginNoFlags, FIO_NO_OPTIONS,
                          make_psync_engine);
