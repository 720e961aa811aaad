// The filestat engine: the first I/O to each of the job's files stats it by name
// (stat_type= picks stat(2), lstat(2) or statx(2)), and that call is what the I/O's
// latency measures. Further I/Os to the same file complete at once. The core lays the
// files out but opens none (kEngineNamesFiles).
#include <fio/sdk/engine.hpp>
#include <fio/sdk/plugin.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <memory>
#include <string>

namespace {

using namespace fio::sdk;

constexpr OptionSpec kFilestatOptions[] = {
    {"stat_type", nullptr, OptionType::choice, "stat", kNoMin, kNoMax, "stat,lstat,statx",
     "The system call each I/O makes on its file", "I/O engine", nullptr},
};

enum class StatCall { stat, lstat, statx };

// FileHandle::engine_data of a file this job already stat'ed.
int done_marker;

class FilestatEngine final : public Engine {
public:
    static std::unique_ptr<Engine> create(const EngineSetup& setup, std::string&) {
        const std::int64_t choice = setup.options ? setup.options->get_int("stat_type", 0) : 0;
        return std::make_unique<FilestatEngine>(static_cast<StatCall>(choice));
    }

    explicit FilestatEngine(StatCall call) : call_(call) {}

    EngineTraits traits() const override {
        EngineTraits t;
        t.completes_in_queue = true;
        return t;
    }

    QueueStatus queue(IoUnit& unit) override {
        FileHandle& file = *unit.file;
        if (file.engine_data != &done_marker) {
            if (const int rc = stat_file(file.path); rc < 0) {
                unit.result = rc;
                return QueueStatus::completed;
            }
            file.engine_data = &done_marker;
        }
        unit.result = unit.length;
        return QueueStatus::completed;
    }

private:
    // 0, or -errno.
    int stat_file(const char* path) const {
        int rc = 0;
        switch (call_) {
            case StatCall::stat: {
                struct stat st;
                rc = ::stat(path, &st);
                break;
            }
            case StatCall::lstat: {
                struct stat st;
                rc = ::lstat(path, &st);
                break;
            }
            case StatCall::statx: {
                struct statx stx;
                rc = ::statx(AT_FDCWD, path, 0, STATX_BASIC_STATS | STATX_BTIME, &stx);
                break;
            }
        }
        return rc == 0 ? 0 : -errno;
    }

    StatCall call_;
};

}  // namespace

FIO_DECLARE_ENGINE_PLUGIN("filestat", "1.0.0", "Each file's first I/O stats it by name",
                          ::fio::sdk::kEngineNamesFiles, kFilestatOptions,
                          ::fio::sdk::create_engine_or_report<FilestatEngine>);
