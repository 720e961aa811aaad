// The ftruncate engine: each write I/O sets the file's size to the I/O's offset with
// ftruncate(2) and counts as a write of its block size, so a sequential job grows the
// file block by block and a random one resizes it at random. Reads, trims and syncs
// have no meaning here and fail with EINVAL, as in fio.
#include <fio/sdk/engine.hpp>
#include <fio/sdk/plugin.hpp>

#include <unistd.h>

#include <cerrno>
#include <new>

namespace {

using namespace fio::sdk;

class FtruncateEngine final : public Engine {
public:
    EngineTraits traits() const override {
        EngineTraits t;
        t.completes_in_queue = true;
        return t;
    }

    QueueStatus queue(IoUnit& unit) override {
        if (unit.direction != IoDirection::write) {
            unit.result = -EINVAL;
            return QueueStatus::completed;
        }
        const off_t size = static_cast<off_t>(unit.offset);
        unit.result = ::ftruncate(unit.file->fd, size) == 0 ? unit.length : -errno;
        return QueueStatus::completed;
    }
};

Engine* make_ftruncate_engine(const EngineSetup&, char*, std::size_t) {
    return new (std::nothrow) FtruncateEngine();
}

}  // namespace

FIO_DECLARE_ENGINE_PLUGIN("ftruncate", "1.0.0", "Each write truncates the file to its offset",
                          ::fio::sdk::kPluginNoFlags, FIO_NO_OPTIONS, make_ftruncate_engine);
