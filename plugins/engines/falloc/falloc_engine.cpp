// The falloc engine: every I/O is an fallocate(2) on the unit's range, as stock fio's
// falloc engine does: a read reserves blocks without growing the file
// (FALLOC_FL_KEEP_SIZE), a write allocates them (mode 0, which may grow the file) and a
// trim punches a hole (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE), so trims work on
// regular files, where the other engines' BLKDISCARD cannot. No data moves; every I/O
// completes inside queue().
#include <fio/sdk/engine.hpp>
#include <fio/sdk/plugin.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <new>

namespace {

using namespace fio::sdk;

int fallocate_mode(IoDirection direction) noexcept {
    switch (direction) {
        case IoDirection::read: return FALLOC_FL_KEEP_SIZE;
        case IoDirection::trim: return FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE;
        case IoDirection::write:
        case IoDirection::sync: break;
    }
    return 0;
}

class FallocEngine final : public Engine {
public:
    EngineTraits traits() const override {
        EngineTraits t;
        t.completes_in_queue = true;
        return t;
    }

    // fallocate(2) needs a file open for writing, even for a read job's reservations:
    // as stock's engine opens its files read-write, a file the core opened read-only is
    // reopened so, under the same descriptor number (the core still closes it).
    int open_file(FileHandle& file) override {
        const int flags = ::fcntl(file.fd, F_GETFL);
        if (flags < 0) return -errno;
        if ((flags & O_ACCMODE) != O_RDONLY) return 0;
        const int writable = ::open(file.path, (flags & ~O_ACCMODE) | O_RDWR | O_CLOEXEC);
        if (writable < 0) return -errno;
        const int rc = ::dup3(writable, file.fd, O_CLOEXEC) < 0 ? -errno : 0;
        ::close(writable);
        return rc;
    }

    QueueStatus queue(IoUnit& unit) override {
        const int fd = unit.file->fd;
        if (unit.direction == IoDirection::sync) {
            unit.result = ::fsync(fd) == 0 ? 0 : -errno;
            return QueueStatus::completed;
        }
        int rc;
        do {
            rc = ::fallocate(fd, fallocate_mode(unit.direction), static_cast<off_t>(unit.offset),
                             static_cast<off_t>(unit.length));
        } while (rc != 0 && errno == EINTR);
        unit.result = rc == 0 ? static_cast<std::int64_t>(unit.length) : -errno;
        return QueueStatus::completed;
    }
};

Engine* make_falloc_engine(const EngineSetup&, char*, std::size_t) {
    return new (std::nothrow) FallocEngine();
}

}  // namespace

FIO_DECLARE_ENGINE_PLUGIN("falloc", "1.0.0",
                          "fallocate(2) per I/O: reads reserve, writes allocate, trims punch holes",
                          ::fio::sdk::kPluginNoFlags, FIO_NO_OPTIONS, make_falloc_engine);
