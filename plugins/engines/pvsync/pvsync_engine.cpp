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
        const int fd = unit.file->fd;
        const iovec iov{unit.buffer, unit.length};
        const auto offset = static_cast<off_t>(unit.offset);
        switch (unit.direction) {
            case IoDirection::read:
                unit.result = retry_eintr([&] { return ::preadv(fd, &iov, 1, offset); });
                break;
            case IoDirection::write:
                unit.result = retry_eintr([&] { return ::pwritev(fd, &iov, 1, offset); });
                break;
            case IoDirection::sync:
                unit.result = ::fsync(fd) == 0 ? 0 : -errno;
                break;
            case IoDirection::trim:
                unit.result = -EOPNOTSUPP;
                break;
        }
        return QueueStatus::completed;
    }
};

Engine* make_pvsync_engine(const EngineSetup&, char*, std::size_t) {
    return new (std::nothrow) PvsyncEngine();
}

}  // namespace

FIO_DECLARE_ENGINE_PLUGIN("pvsync", "1.0.0", "Positional preadv(2)/pwritev(2)",
                          ::fio::sdk::kPluginNoFlags, FIO_NO_OPTIONS, make_pvsync_engine);
