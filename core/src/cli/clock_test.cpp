#include "cli/clock_test.hpp"

#include "run/tsc_clock.hpp"

#include <fmt/format.h>

#include <pthread.h>
#include <sched.h>

#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace fio::core {
namespace {

constexpr std::uint64_t kReadsPerCpu = 1'000'000;

struct CpuReadings {
    int cpu = 0;
    std::uint64_t seen = 0;
    std::uint64_t first = 0;
};

}  // namespace

int run_cpu_clock_test(std::FILE* out) {
#if defined(__x86_64__)
    fmt::print(out, "cs: reliable_tsc: {}\n", tsc_ns_per_tick_q32() ? "yes" : "no");
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (::sched_getaffinity(0, sizeof allowed, &allowed) != 0) CPU_SET(0, &allowed);
    std::vector<CpuReadings> cpus;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (CPU_ISSET(cpu, &allowed)) cpus.push_back({cpu, 0, 0});
    }
    fmt::print(out, "cs: Testing {} CPUs\n", cpus.size());
    std::fflush(out);

    // Each reading is taken under the lock and compared with the last one any CPU
    // took: a counter that lags on one CPU shows as a reading that goes backwards.
    std::mutex lock;
    std::uint64_t last = 0;
    std::uint64_t backwards = 0;  // readings behind the one before
    std::vector<std::thread> readers;
    for (auto& readings : cpus) {
        readers.emplace_back([&] {
            cpu_set_t one;
            CPU_ZERO(&one);
            CPU_SET(readings.cpu, &one);
            ::pthread_setaffinity_np(::pthread_self(), sizeof one, &one);
            for (std::uint64_t i = 0; i < kReadsPerCpu; ++i) {
                std::lock_guard guard(lock);
                _mm_lfence();  // no reading before the lock is held
                const std::uint64_t tick = __rdtsc();
                if (tick < last) ++backwards;
                last = tick;
                if (readings.seen++ == 0) readings.first = tick;
            }
        });
    }
    for (auto& reader : readers) reader.join();
    for (const auto& readings : cpus) {
        fmt::print(out, "cs: cpu {:2}: {} clocks seen, first {}\n", readings.cpu, readings.seen,
                   readings.first);
    }
    if (backwards == 0) {
        fmt::print(out, "cs: Pass!\n");
        return 0;
    }
    fmt::print(out, "cs: Failed: {}\n", backwards);
    return 1;
#else
    fmt::print(out, "cs: reliable_tsc: no\n");
    fmt::print(out, "cs: Failed! (no time-stamp counter on this CPU architecture)\n");
    return 1;
#endif
}

}  // namespace fio::core
