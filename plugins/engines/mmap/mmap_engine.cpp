// The mmap engine: each file is mapped shared (see file_mapping.hpp) and an I/O is a
// memcpy between the unit's buffer and the mapping; it completes inside queue().
//
// - Nothing is extended: bytes past the file's real end cannot be mapped, so an I/O
//   reaching past it is cut short there (0 bytes when it starts at or past the end),
//   as read(2) would. The core lays files out to size before the job starts.
// - A write to a file the core opened read-only fails with EBADF, as write(2) would.
// - direct=1 cannot bypass the page cache here; like stock fio, the engine then
//   writes each write back with msync(MS_SYNC) before it completes.
// - sync is msync(MS_SYNC) of the mapping (fsync when only a window is mapped).
// - A page the kernel cannot back (the file shrank during the job, or the device failed
//   to read it) raises SIGBUS; the guard turns that into EIO for the one I/O (see
//   sigbus_guard.hpp), where stock fio loses the job to the signal.
#include "file_mapping.hpp"
#include "sigbus_guard.hpp"

#include <fio/sdk/engine.hpp>
#include <fio/sdk/posix_io.hpp>
#include <fio/sdk/options.hpp>
#include <fio/sdk/plugin.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>

namespace {

using namespace fio::sdk;
using fio::mmap_engine::FileMapping;
using fio::mmap_engine::SigbusGuard;

const OptionSpec kOptions[] = {
    {"thp", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
     "Advise transparent huge pages for the mapping (madvise MADV_HUGEPAGE)", "I/O engine",
     nullptr},
};

class MmapEngine final : public Engine {
public:
    MmapEngine(bool direct, bool huge_pages, std::uint64_t max_block_size)
        : direct_(direct), huge_pages_(huge_pages), max_block_size_(max_block_size) {}

    EngineTraits traits() const override {
        EngineTraits t;
        t.completes_in_queue = true;
        return t;
    }

    int open_file(FileHandle& file) override {
        const int mode = ::fcntl(file.fd, F_GETFL);
        if (mode < 0) return -errno;
        const off_t end = ::lseek(file.fd, 0, SEEK_END);  // regular files and block devices
        if (end < 0) return -errno;
        auto* mapping = new (std::nothrow)
            FileMapping(file.fd, static_cast<std::uint64_t>(end), (mode & O_ACCMODE) == O_RDWR,
                        huge_pages_);
        if (mapping == nullptr) return -ENOMEM;
        if (const int rc = mapping->map(std::max<std::uint64_t>(max_block_size_, 1)); rc < 0) {
            delete mapping;
            return rc;
        }
        file.engine_data = mapping;
        return 0;
    }

    void close_file(FileHandle& file) override {
        delete static_cast<FileMapping*>(file.engine_data);
        file.engine_data = nullptr;
    }

    QueueStatus queue(IoUnit& unit) override {
        auto* mapping = static_cast<FileMapping*>(unit.file->engine_data);
        if (mapping == nullptr) {  // the file was never opened through this engine
            unit.result = -EBADF;
            return QueueStatus::completed;
        }
        switch (unit.direction) {
            case IoDirection::read:
            case IoDirection::write:
                unit.result = copy(*mapping, unit);
                break;
            case IoDirection::sync:
                unit.result = mapping->sync();
                break;
            case IoDirection::trim:
                unit.result = discard_blocks(unit);
                break;
        }
        return QueueStatus::completed;
    }

private:
    std::int64_t copy(FileMapping& mapping, IoUnit& unit) noexcept {
        const bool write = unit.direction == IoDirection::write;
        if (write && !mapping.writable()) return -EBADF;
        if (unit.offset >= mapping.extent()) return 0;
        const std::uint64_t length =
            std::min<std::uint64_t>(unit.length, mapping.extent() - unit.offset);
        char* at = mapping.address(unit.offset, length);
        if (at == nullptr) return -errno;
        if (!write) {
            if (const int rc = SigbusGuard::copy(unit.buffer, at, length); rc < 0) return rc;
            return static_cast<std::int64_t>(length);
        }
        if (const int rc = SigbusGuard::copy(at, unit.buffer, length); rc < 0) return rc;
        if (direct_) {
            if (const int rc = FileMapping::sync_range(at, length); rc < 0) return rc;
        }
        return static_cast<std::int64_t>(length);
    }

    SigbusGuard sigbus_guard_;
    bool direct_;
    bool huge_pages_;
    std::uint64_t max_block_size_;
};

Engine* make_mmap_engine(const EngineSetup& setup, char*, std::size_t) {
    return new (std::nothrow)
        MmapEngine(setup.direct, setup.options->get_bool("thp", false), setup.max_block_size);
}

}  // namespace

FIO_DECLARE_ENGINE_PLUGIN("mmap", "1.0.0", "memcpy(3) to and from the file mapped with mmap(2)",
                          ::fio::sdk::kPluginNoFlags, kOptions, make_mmap_engine);
