// The sync engine: lseek() to the offset, then read() or write(). One I/O at a time;
// every I/O completes inside queue().
#include <fio/sdk/engine.hpp>
#include <fio/sdk/plugin.hpp>
#include <fio/sdk/posix_io.hpp>

#include <unistd.h>

#include <cerrno>
#include <new>

namespace {

using namespace fio::sdk;

class SyncEngine final : public Engine {
public:
    EngineTraits traits() const override {
        EngineTraits t;
        t.completes_in_queue = true;
        return t;
    }

    QueueStatus queue(IoUnit& unit) override {
        if (unit.direction == IoDirection::sync) {
            unit.result = fio::sdk::run_sync(unit, unit.file->fd);
            return QueueStatus::completed;
        }
        if (unit.direction == IoDirection::trim) {
            unit.result = discard_blocks(unit);
            return QueueStatus::completed;
        }
        const int fd = unit.file->fd;
        // Skip the seek when the file position is already there (sequential I/O).
        if (unit.file->engine_data != position_tag(unit.offset)) {
            if (::lseek(fd, static_cast<off_t>(unit.offset), SEEK_SET) < 0) {
                unit.result = -errno;
                unit.file->engine_data = nullptr;
                return QueueStatus::completed;
            }
        }
        unit.result = unit.direction == IoDirection::read
                          ? retry_eintr([&] { return ::read(fd, unit.buffer, unit.length); })
                          : retry_eintr([&] { return ::write(fd, unit.buffer, unit.length); });
        unit.file->engine_data =
            unit.result > 0 ? position_tag(unit.offset + static_cast<std::uint64_t>(unit.result))
                            : nullptr;
        return QueueStatus::completed;
    }

private:
    // The file position after the last I/O, kept in the handle's engine slot (+1 so
    // that offset 0 differs from "unknown").
    static void* position_tag(std::uint64_t offset) {
        return reinterpret_cast<void*>(static_cast<std::uintptr_t>(offset + 1));
    }
};

Engine* make_sync_engine(const EngineSetup&, char*, std::size_t) {
    return new (std::nothrow) SyncEngine();
}

}  // namespace

FIO_DECLARE_ENGINE_PLUGIN("sync", "1.0.0", "Basic read(2)/write(2) after lseek(2)",
                          ::fio::sdk::kPluginNoFlags, FIO_NO_OPTIONS, make_sync_engine);
