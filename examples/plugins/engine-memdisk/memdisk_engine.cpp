// memdisk: an I/O engine that keeps every file's bytes in memory, so a job measures fio
// itself and still moves (and can verify) real data. It works the way an asynchronous
// engine does: queue() collects I/Os, commit() carries them out, reap() hands them back.
//
//   fio --name=t --ioengine=memdisk --iodepth=16 --rw=randwrite --bs=4k --size=8m
//       --verify=crc32c --memdisk_limit=64m          (one command line)
//
// The core still creates, lays out and opens the job's files, as for any engine without
// flags; this engine never touches them and answers every I/O from memory. The data lives
// as long as the engine, one job thread: a write phase and its verify pass share it.
#include <fio/sdk/engine.hpp>
#include <fio/sdk/plugin.hpp>

#include <cerrno>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

namespace {

using namespace fio::sdk;

// The engine's own option: parsed by fio's option parser, shown by --enghelp=memdisk.
const OptionSpec kOptions[] = {
    {"memdisk_limit", nullptr, OptionType::size, "1g", 4096, kNoMax, nullptr,
     "Largest file memdisk keeps in memory", "I/O engine", nullptr},
};

class MemdiskEngine final : public Engine {
public:
    // Everything that allocates happens here or in open_file(), never per I/O.
    static std::unique_ptr<MemdiskEngine> create(const EngineSetup& setup, std::string&) {
        auto engine = std::make_unique<MemdiskEngine>();
        engine->limit_ = static_cast<std::uint64_t>(setup.options->get_int("memdisk_limit", 0));
        engine->depth_ = setup.iodepth ? setup.iodepth : 1;
        engine->queued_.reserve(engine->depth_);
        engine->done_.reserve(engine->depth_);
        return engine;
    }

    EngineTraits traits() const override { return {}; }  // asynchronous: queue/commit/reap

    int open_file(FileHandle& file) override {
        if (file.size > limit_) {
            error_ = "file " + std::string(file.path) + " is larger than memdisk_limit";
            return -EFBIG;
        }
        try {  // no exception may leave the engine: report -ENOMEM instead
            if (memory_.size() <= file.index) memory_.resize(file.index + 1);
            // Reopened files (the verify pass) keep what was written before.
            if (memory_[file.index].size() < file.size) memory_[file.index].resize(file.size);
        } catch (const std::bad_alloc&) {
            error_ = "no memory for " + std::string(file.path);
            return -ENOMEM;
        }
        file.engine_data = memory_[file.index].data();
        return 0;
    }

    QueueStatus queue(IoUnit& unit) override {
        if (queued_.size() + done_.size() >= depth_) return QueueStatus::busy;
        queued_.push_back(&unit);  // within the reserved capacity: no allocation
        return QueueStatus::queued;
    }

    int commit() override {  // the "device" does its work now
        for (IoUnit* unit : queued_) {
            carry_out(*unit);
            done_.push_back(unit);
        }
        queued_.clear();
        return 0;
    }

    // Everything committed is already complete, so `min` is always met by what is done;
    // a reap with nothing in flight returns 0 at once instead of waiting.
    int reap(unsigned, unsigned max, IoUnit** out, std::int64_t) override {
        const std::size_t n = done_.size() < max ? done_.size() : max;
        std::memcpy(out, done_.data(), n * sizeof(IoUnit*));
        done_.erase(done_.begin(), done_.begin() + static_cast<std::ptrdiff_t>(n));
        return static_cast<int>(n);
    }

    std::string last_error() const override { return error_; }

private:
    static void carry_out(IoUnit& unit) {
        if (unit.direction == IoDirection::sync) {
            unit.result = 0;  // memory needs no flush
            return;
        }
        if (unit.offset + unit.length > unit.file->size) {
            unit.result = -EIO;  // beyond the end of the file
            return;
        }
        auto* data = static_cast<unsigned char*>(unit.file->engine_data) + unit.offset;
        if (unit.direction == IoDirection::read) std::memcpy(unit.buffer, data, unit.length);
        if (unit.direction == IoDirection::write) std::memcpy(data, unit.buffer, unit.length);
        if (unit.direction == IoDirection::trim) std::memset(data, 0, unit.length);
        unit.result = unit.length;
    }

    std::uint64_t limit_ = 0;
    unsigned depth_ = 1;
    std::vector<std::vector<unsigned char>> memory_;  // one buffer per file index
    std::vector<IoUnit*> queued_, done_;
    std::string error_;
};

}  // namespace

// The factory turns a failure to create (or std::bad_alloc) into an error message.
FIO_DECLARE_ENGINE_PLUGIN("memdisk", "1.0.0", "Keeps each file's data in memory (SDK example)",
                          ::fio::sdk::kPluginNoFlags, kOptions,
                          ::fio::sdk::create_engine_or_report<MemdiskEngine>);
