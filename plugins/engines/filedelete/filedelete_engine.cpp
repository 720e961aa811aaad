// The filedelete engine: the first I/O to each of the job's files removes it with
// unlink(2), and that call is what the I/O's latency measures. Further I/Os to the
// same file complete at once. The core lays the files out but opens none
// (kEngineNamesFiles); set unlink=0, as the files are the job's I/O.
#include <fio/sdk/engine.hpp>
#include <fio/sdk/plugin.hpp>

#include <unistd.h>

#include <cerrno>
#include <new>

namespace {

using namespace fio::sdk;

// FileHandle::engine_data of a file this job already deleted.
int deleted_marker;

class FiledeleteEngine final : public Engine {
public:
    EngineTraits traits() const override {
        EngineTraits t;
        t.completes_in_queue = true;
        return t;
    }

    QueueStatus queue(IoUnit& unit) override {
        FileHandle& file = *unit.file;
        if (file.engine_data != &deleted_marker) {
            if (::unlink(file.path) != 0) {
                unit.result = -errno;
                return QueueStatus::completed;
            }
            file.engine_data = &deleted_marker;
        }
        unit.result = unit.length;
        return QueueStatus::completed;
    }
};

Engine* make_filedelete_engine(const EngineSetup&, char*, std::size_t) {
    return new (std::nothrow) FiledeleteEngine();
}

}  // namespace

FIO_DECLARE_ENGINE_PLUGIN("filedelete", "1.0.0", "Each file's first I/O unlinks it",
                          ::fio::sdk::kEngineNamesFiles, FIO_NO_OPTIONS, make_filedelete_engine);
