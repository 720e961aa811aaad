// A diskless engine that keeps what it is given in memory, for the tests of the engine
// contract: verify= works with kEngineDiskless when the engine returns what was
// written. The build varies it:
//   TEST_MEMORY_FAIL_AT=N    - its Nth I/O fails with EIO and its own words
//                              (io_error_text, ABI 1.5);
//   TEST_MEMORY_THROWS       - its factory throws std::bad_alloc, which the declaration
//                              macro's guard turns into a reason;
//   TEST_MEMORY_UNGUARDED    - with TEST_MEMORY_THROWS: its descriptor is written by
//                              hand, so the exception reaches the host's own guard.
#include <fio/sdk/engine.hpp>
#include <fio/sdk/plugin.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <vector>

namespace {

using namespace fio::sdk;

class MemoryEngine final : public Engine {
public:
    EngineTraits traits() const override {
        EngineTraits t;
        t.completes_in_queue = true;
        return t;
    }

    int open_file(FileHandle& file) override {
        data_.assign(file.size, 0);
        return 0;
    }

    QueueStatus queue(IoUnit& unit) override {
        ++ios_;
#ifdef TEST_MEMORY_FAIL_AT
        if (ios_ == TEST_MEMORY_FAIL_AT) {
            std::snprintf(failure_, sizeof failure_, "test medium: I/O %lu hit a bad block", ios_);
            unit.result = -EIO;
            return QueueStatus::completed;
        }
#endif
        if (unit.direction == IoDirection::sync) {
            unit.result = 0;
            return QueueStatus::completed;
        }
        if (unit.offset + unit.length > data_.size()) {
            unit.result = -EINVAL;
            return QueueStatus::completed;
        }
        char* at = data_.data() + unit.offset;
        if (unit.direction == IoDirection::read) std::memcpy(unit.buffer, at, unit.length);
        if (unit.direction == IoDirection::write) std::memcpy(at, unit.buffer, unit.length);
        if (unit.direction == IoDirection::trim) std::memset(at, 0, unit.length);
        unit.result = unit.length;
        return QueueStatus::completed;
    }

    const char* io_error_text(const IoUnit&) const noexcept override {
        return failure_[0] ? failure_ : nullptr;
    }

private:
    std::vector<char> data_;
    unsigned long ios_ = 0;
    char failure_[96] = {};
};

Engine* make_engine(const EngineSetup&, char*, std::size_t) {
#ifdef TEST_MEMORY_THROWS
    throw std::bad_alloc();
#else
    return new MemoryEngine();
#endif
}

}  // namespace

#ifdef TEST_MEMORY_UNGUARDED
namespace {
const PluginDescriptor descriptor = {
    kPluginMagic, kAbiMajor, kAbiMinor, sizeof(PluginDescriptor), PluginKind::engine,
    TEST_PLUGIN_NAME, "0.0.1", "Test engine whose factory throws past the SDK's guard",
    kEngineDiskless, nullptr, 0, make_engine, nullptr, nullptr, this_cxx_runtime()};
const PluginDescriptor* entry() { return &descriptor; }
}  // namespace
BOOST_DLL_ALIAS(entry, fio_plugin_entry)
#else
FIO_DECLARE_ENGINE_PLUGIN(TEST_PLUGIN_NAME, "0.0.1", "Test engine keeping its data in memory",
                          ::fio::sdk::kEngineDiskless, FIO_NO_OPTIONS, make_engine);
#endif
