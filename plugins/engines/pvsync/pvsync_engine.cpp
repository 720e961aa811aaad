// The pvsync engine: preadv(2)/pwritev(2) with one iovec at the unit's offset. Every
// I/O completes inside queue(); it differs from psync only in the system call, which
// is the point of running it (vectored-path overhead in the kernel).
#include <fio/sdk/engine.hpp>
#include <fio/sdk/plugin.hpp>
#include <fio/sdk/posix_io.hpp>

#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <new>

namespace {

using namespace fio::sdk;

class PvsyncEngine final : public Engine {
public:
    EngineTraits traits() const override {
        EngineTraits t;
        t.completes_in_queue = true;
        return t;
    }

    QueueStatus queue(IoUnit& unit) override {
        const iovec iov{unit.buffer, unit.length};
        run_positional_io(
            unit, [&](int fd, off_t at) { return ::preadv(fd, &iov, 1, at); },
            [&](int fd, off_t at) { return ::pwritev(fd, &iov, 1, at); });
        return QueueStatus::completed;
    }
};

Engine* make_pvsync_engine(const EngineSetup&, char*, std::size_t) {
    return new (std::nothrow) PvsyncEngine();
}

}  // namespace

FIO_DECLARE_ENGINE_PLUGIN("pvsync", "1.0.0", "Positional preadv(2)/pwritev(2)",
                          ::fio::sdk::kPluginNoFlags, FIO_NO_OPTIONS, make_pvsync_engine);
