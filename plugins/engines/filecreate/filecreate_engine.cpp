// The filecreate engine: the first I/O to each of the job's files creates it with
// open(O_CREAT) (mode 0600, as fio), and that open is what the I/O's latency measures.
// Further I/Os to a file already created complete at once. The core neither lays out
// nor opens the files (kEngineCreatesFiles).
#include <fio/sdk/clock.hpp>
#include <fio/sdk/engine.hpp>
#include <fio/sdk/plugin.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <new>

namespace {

using namespace fio::sdk;

// FileHandle::engine_data of a file this job already created.
int created_marker;

class FilecreateEngine final : public Engine {
public:
    ~FilecreateEngine() override { close_previous(); }

    EngineTraits traits() const override {
        EngineTraits t;
        t.completes_in_queue = true;
        t.sets_issue_time = true;  // the clock starts at open(), not before the last close
        return t;
    }

    QueueStatus queue(IoUnit& unit) override {
        FileHandle& file = *unit.file;
        // The previous file stays open until now, so its close() is not part of any
        // open's latency, and only one descriptor is held at a time.
        close_previous();
        unit.issue_ns = monotonic_ns();
        if (file.engine_data == &created_marker) {
            unit.result = unit.length;
            return QueueStatus::completed;
        }
        const int fd = ::open(file.path, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
        if (fd < 0) {
            unit.result = -errno;
            return QueueStatus::completed;
        }
        open_fd_ = fd;
        file.engine_data = &created_marker;
        unit.result = unit.length;
        return QueueStatus::completed;
    }

private:
    void close_previous() noexcept {
        if (open_fd_ >= 0) ::close(open_fd_);
        open_fd_ = -1;
    }

    int open_fd_ = -1;
};

Engine* make_filecreate_engine(const EngineSetup&, char*, std::size_t) {
    return new (std::nothrow) FilecreateEngine();
}

}  // namespace

FIO_DECLARE_ENGINE_PLUGIN("filecreate", "1.0.0",
                          "Each file's first I/O creates it; measures open(O_CREAT)",
                          ::fio::sdk::kEngineCreatesFiles, FIO_NO_OPTIONS, make_filecreate_engine);
