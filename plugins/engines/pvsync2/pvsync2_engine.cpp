// The pvsync2 engine: preadv2(2)/pwritev2(2) with one iovec at the unit's offset and
// per-I/O RWF_* flags chosen by the engine options. Every I/O completes inside queue().
//
// A flag the kernel or filesystem refuses comes back as that I/O's error: RWF_NOWAIT
// gives -EAGAIN when the I/O would block (e.g. a buffered read of uncached data) and
// -EOPNOTSUPP where the filesystem cannot honour it at all (e.g. buffered writes on
// ext4). RWF_HIPRI is ignored by buffered I/O and by devices without polled queues.
#include <fio/sdk/engine.hpp>
#include <fio/sdk/options.hpp>
#include <fio/sdk/plugin.hpp>
#include <fio/sdk/posix_io.hpp>

#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <new>

namespace {

using namespace fio::sdk;

// RWF_UNCACHED was proposed for Linux but never merged; the same idea (drop the pages
// from the cache once the I/O is done) landed in Linux 6.14 as RWF_DONTCACHE. Use
// whichever the system headers define; with neither, uncached=1 is refused.
#if defined(RWF_UNCACHED)
constexpr int kUncachedFlag = RWF_UNCACHED;
#elif defined(RWF_DONTCACHE)
constexpr int kUncachedFlag = RWF_DONTCACHE;
#else
constexpr int kUncachedFlag = 0;
#endif

const OptionSpec kOptions[] = {
    {"hipri", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
     "Set RWF_HIPRI on each I/O (polled completion where the device supports it)",
     "I/O engine", nullptr},
    {"hipri_percentage", nullptr, OptionType::percentage, "100", 0, 100, nullptr,
     "With hipri, the share of I/Os that get RWF_HIPRI, chosen at random", "I/O engine",
     nullptr},
    {"uncached", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
     "Set RWF_UNCACHED (RWF_DONTCACHE) on buffered I/O: drop its pages after the I/O",
     "I/O engine", nullptr},
    {"nowait", nullptr, OptionType::boolean, "0", 0, 1, nullptr,
     "Set RWF_NOWAIT: an I/O that would block fails with EAGAIN instead", "I/O engine",
     nullptr},
};

// xorshift64: a few cycles per draw, enough to spread RWF_HIPRI over a percentage.
class HipriDraw {
public:
    explicit HipriDraw(std::uint64_t seed) : state_(seed | 1) {}
    unsigned below_100() noexcept {
        state_ ^= state_ << 13;
        state_ ^= state_ >> 7;
        state_ ^= state_ << 17;
        return static_cast<unsigned>(state_ % 100);
    }

private:
    std::uint64_t state_;
};

class Pvsync2Engine final : public Engine {
public:
    Pvsync2Engine(int base_flags, bool hipri, unsigned hipri_percentage, std::uint64_t seed)
        : base_flags_(base_flags),
          hipri_(hipri),
          hipri_percentage_(hipri_percentage),
          draw_(seed) {}

    EngineTraits traits() const override {
        EngineTraits t;
        t.completes_in_queue = true;
        return t;
    }

    QueueStatus queue(IoUnit& unit) override {
        const iovec iov{unit.buffer, unit.length};
        // The flags are drawn once per transfer, not again on an EINTR retry.
        const int flags = unit.direction == IoDirection::read || unit.direction == IoDirection::write
                              ? flags_for_next_io()
                              : 0;
        run_positional_io(
            unit, [&](int fd, off_t at) { return ::preadv2(fd, &iov, 1, at, flags); },
            [&](int fd, off_t at) { return ::pwritev2(fd, &iov, 1, at, flags); });
        return QueueStatus::completed;
    }

private:
    int flags_for_next_io() noexcept {
        if (!hipri_) return base_flags_;
        if (hipri_percentage_ >= 100 || draw_.below_100() < hipri_percentage_) {
            return base_flags_ | RWF_HIPRI;
        }
        return base_flags_;
    }

    int base_flags_;
    bool hipri_;
    unsigned hipri_percentage_;
    HipriDraw draw_;
};

Engine* make_pvsync2_engine(const EngineSetup& setup, char* error, std::size_t error_size) {
    const OptionValues& options = *setup.options;
    const bool uncached = options.get_bool("uncached", false);
    if (uncached && kUncachedFlag == 0) {
        write_error(error, error_size,
                    "uncached=1 needs RWF_UNCACHED or RWF_DONTCACHE (Linux 6.14+), and this "
                    "build's system headers define neither; drop the option or rebuild "
                    "against newer headers");
        return nullptr;
    }
    int base_flags = 0;
    if (uncached) base_flags |= kUncachedFlag;
    if (options.get_bool("nowait", false)) base_flags |= RWF_NOWAIT;
    return new (std::nothrow) Pvsync2Engine(
        base_flags, options.get_bool("hipri", false),
        static_cast<unsigned>(options.get_int("hipri_percentage", 100)),
        0x9E3779B97F4A7C15ull * (setup.thread_index + 1));
}

}  // namespace

FIO_DECLARE_ENGINE_PLUGIN("pvsync2", "1.0.0", "Positional preadv2(2)/pwritev2(2) with RWF_* flags",
                          ::fio::sdk::kPluginNoFlags, kOptions, make_pvsync2_engine);
