// An engine built against the frozen SDK 1.4 headers (tests/sdk/abi/v1.4): proof that a
// plugin of the previous minor loads and runs in the current host. It moves data with
// pread/pwrite on the descriptor the core opened, so a verify job checks real bytes.
#include <fio/sdk/engine.hpp>
#include <fio/sdk/plugin.hpp>

#include <cerrno>
#include <new>
#include <unistd.h>

static_assert(FIO_SDK_ABI_MINOR == 4, "this plugin must see the frozen 1.4 headers");

namespace {

class PositionalEngine final : public fio::sdk::Engine {
public:
    fio::sdk::EngineTraits traits() const override {
        fio::sdk::EngineTraits traits;
        traits.completes_in_queue = true;
        return traits;
    }

    fio::sdk::QueueStatus queue(fio::sdk::IoUnit& unit) override {
        const auto offset = static_cast<off_t>(unit.offset);
        ssize_t done = 0;
        switch (unit.direction) {
            case fio::sdk::IoDirection::read:
                done = ::pread(unit.file->fd, unit.buffer, unit.length, offset);
                break;
            case fio::sdk::IoDirection::write:
                done = ::pwrite(unit.file->fd, unit.buffer, unit.length, offset);
                break;
            case fio::sdk::IoDirection::sync:
                done = ::fsync(unit.file->fd);
                break;
            case fio::sdk::IoDirection::trim:
                done = -1;
                errno = EOPNOTSUPP;
                break;
        }
        unit.result = done < 0 ? -errno : done;
        return fio::sdk::QueueStatus::completed;
    }
};

// noexcept, and nothing in the constructor allocates: no exception crosses the boundary.
fio::sdk::Engine* make_engine(const fio::sdk::EngineSetup&, char* error,
                              std::size_t error_size) noexcept {
    auto* engine = new (std::nothrow) PositionalEngine();
    if (engine == nullptr) fio::sdk::write_error(error, error_size, "out of memory");
    return engine;
}

}  // namespace

FIO_DECLARE_ENGINE_PLUGIN("abi14sync", "1.4.0", "pread/pwrite, built against SDK 1.4",
                          ::fio::sdk::kPluginNoFlags, FIO_NO_OPTIONS, make_engine);
