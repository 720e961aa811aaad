// What a timestamp costs: CLOCK_MONOTONIC through the vDSO (the clock every I/O is
// stamped with, fio/sdk/clock.hpp) against reading the TSC and converting it to ns with
// a calibrated multiply-shift, the alternative issue 4 asks to weigh. Prints ns per
// read (median of alternating rounds) and how far the TSC-derived time drifts from
// CLOCK_MONOTONIC over the calibration. Run: build/release/bin/fio-clock-cost
#include <x86intrin.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <thread>
#include <vector>

namespace {

std::uint64_t clock_ns(clockid_t id) noexcept {
    timespec ts;
    clock_gettime(id, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u +
           static_cast<std::uint64_t>(ts.tv_nsec);
}

// ns = (tsc - base_tsc) * mult >> 32, from one calibration against CLOCK_MONOTONIC.
struct TscClock {
    std::uint64_t base_tsc = 0;
    std::uint64_t base_ns = 0;
    std::uint64_t mult = 0;

    std::uint64_t now_ns() const noexcept {
        const auto ticks = static_cast<unsigned __int128>(__rdtsc() - base_tsc);
        return base_ns + static_cast<std::uint64_t>((ticks * mult) >> 32);
    }
};

TscClock calibrate(std::chrono::milliseconds span) {
    TscClock clock;
    clock.base_ns = clock_ns(CLOCK_MONOTONIC);
    clock.base_tsc = __rdtsc();
    std::this_thread::sleep_for(span);
    const std::uint64_t ns = clock_ns(CLOCK_MONOTONIC) - clock.base_ns;
    const std::uint64_t ticks = __rdtsc() - clock.base_tsc;
    clock.mult = static_cast<std::uint64_t>((static_cast<unsigned __int128>(ns) << 32) / ticks);
    return clock;
}

template <typename Read>
double ns_per_read(Read read, std::uint64_t reads) {
    std::uint64_t sink = 0;
    const std::uint64_t start = clock_ns(CLOCK_MONOTONIC);
    for (std::uint64_t i = 0; i < reads; ++i) sink += read();
    const std::uint64_t elapsed = clock_ns(CLOCK_MONOTONIC) - start;
    asm volatile("" : : "r"(sink));  // keep the reads
    return static_cast<double>(elapsed) / static_cast<double>(reads);
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

}  // namespace

int main() {
    constexpr std::uint64_t kReads = 10'000'000;
    constexpr int kRounds = 7;
    const TscClock tsc = calibrate(std::chrono::milliseconds(500));

    struct Method {
        const char* name;
        double (*measure)(const TscClock&);
        std::vector<double> results;
    };
    std::array methods = {
        Method{"clock_gettime(CLOCK_MONOTONIC)",
               [](const TscClock&) { return ns_per_read([] { return clock_ns(CLOCK_MONOTONIC); }, kReads); },
               {}},
        Method{"clock_gettime(CLOCK_MONOTONIC_COARSE)",
               [](const TscClock&) {
                   return ns_per_read([] { return clock_ns(CLOCK_MONOTONIC_COARSE); }, kReads);
               },
               {}},
        Method{"rdtsc", [](const TscClock&) { return ns_per_read([] { return __rdtsc(); }, kReads); },
               {}},
        Method{"rdtscp",
               [](const TscClock&) {
                   return ns_per_read([] { unsigned aux; return __rdtscp(&aux); }, kReads);
               },
               {}},
        Method{"rdtsc + calibrated conversion to ns",
               [](const TscClock& clock) {
                   return ns_per_read([&clock] { return clock.now_ns(); }, kReads);
               },
               {}},
    };
    // Alternate the methods round by round so that machine noise hits all alike.
    for (int round = 0; round < kRounds; ++round) {
        for (auto& method : methods) method.results.push_back(method.measure(tsc));
    }
    fmt::print("{:<40} {:>10}\n", "clock read", "ns/read");
    for (const auto& method : methods) {
        fmt::print("{:<40} {:>10.1f}\n", method.name, median(method.results));
    }

    // Drift: TSC-derived time against CLOCK_MONOTONIC, one second after calibration.
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const auto tsc_ns = static_cast<std::int64_t>(tsc.now_ns());
    const auto mono_ns = static_cast<std::int64_t>(clock_ns(CLOCK_MONOTONIC));
    fmt::print("TSC time - CLOCK_MONOTONIC after {:.1f} s: {} ns\n",
               static_cast<double>(mono_ns - static_cast<std::int64_t>(tsc.base_ns)) / 1e9,
               tsc_ns - mono_ns);
    return 0;
}
