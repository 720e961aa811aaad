#include "run/tsc_clock.hpp"

#include <fio/sdk/clock.hpp>

#include <pthread.h>
#include <sched.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace fio::core {
namespace {

// The calibration span: long enough that the rate is good to about 1e-5 (the steering
// takes care of the rest), short enough not to be noticed when the first job starts.
constexpr auto kCalibrationSpan = std::chrono::milliseconds(5);
// steer() works an offset off over this long (the loop steers about this often).
constexpr std::uint64_t kSteerWindowNs = 500'000'000;

// Both clocks read at one moment: CLOCK_MONOTONIC between two TSC reads, the tightest
// pair of a few tries, so a preemption in between cannot skew the pair.
struct Reading {
    std::uint64_t tick = 0;
    std::uint64_t ns = 0;
};

#if defined(__x86_64__)
Reading read_both() noexcept {
    Reading best;
    std::uint64_t tightest = ~0ull;
    for (int attempt = 0; attempt < 8; ++attempt) {
        const std::uint64_t before = __rdtsc();
        const std::uint64_t ns = sdk::monotonic_ns();
        const std::uint64_t after = __rdtsc();
        if (after >= before && after - before < tightest) {
            tightest = after - before;
            best = {before + (after - before) / 2, ns};
        }
    }
    return best;
}

bool cpu_has_invariant_tsc() {
    std::ifstream cpuinfo("/proc/cpuinfo");
    return cpuinfo_reports_invariant_tsc(cpuinfo);
}

// Stock fio, too, checks that the CPUs' counters agree before it trusts the TSC. Each
// CPU this process may run on reads both clocks; the TSC, mapped to nanoseconds at
// `rate` from `origin`, must agree with CLOCK_MONOTONIC there within kCpuSkewNs.
// A counter offset between CPUs would otherwise show as a jump whenever a job thread
// migrates (the steering would only work it off over seconds).
constexpr std::uint64_t kCpuSkewNs = 20'000;

bool cpus_agree(const Reading& origin, std::uint64_t rate) {
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (::sched_getaffinity(0, sizeof allowed, &allowed) != 0) return false;
    bool agree = true;
    for (int cpu = 0; cpu < CPU_SETSIZE && agree; ++cpu) {
        if (!CPU_ISSET(cpu, &allowed)) continue;
        Reading there;
        bool pinned = false;
        std::thread reader([&] {
            cpu_set_t one;
            CPU_ZERO(&one);
            CPU_SET(cpu, &one);
            pinned = ::pthread_setaffinity_np(::pthread_self(), sizeof one, &one) == 0;
            there = read_both();
        });
        reader.join();
        if (!pinned) continue;  // a CPU we may not use cannot run a job thread either
        agree = tsc_skew_ns(origin.tick, origin.ns, rate, there.tick, there.ns) <= kCpuSkewNs;
    }
    return agree;
}

std::optional<std::uint64_t> calibrate() {
    if (!cpu_has_invariant_tsc()) return std::nullopt;
    const Reading first = read_both();
    std::this_thread::sleep_for(kCalibrationSpan);
    const Reading second = read_both();
    if (second.tick <= first.tick || second.ns <= first.ns) return std::nullopt;
    const auto rate = static_cast<std::uint64_t>(
        (static_cast<unsigned __int128>(second.ns - first.ns) << 32) / (second.tick - first.tick));
    if (!cpus_agree(second, rate)) return std::nullopt;
    return rate;
}
#else
Reading read_both() noexcept { return {0, sdk::monotonic_ns()}; }
std::optional<std::uint64_t> calibrate() { return std::nullopt; }
#endif

}  // namespace

bool cpuinfo_reports_invariant_tsc(std::istream& cpuinfo) {
    std::string line;
    while (std::getline(cpuinfo, line)) {
        if (line.rfind("flags", 0) != 0) continue;
        bool constant = false;
        bool nonstop = false;
        std::istringstream flags(line);
        std::string flag;
        while (flags >> flag) {
            constant = constant || flag == "constant_tsc";
            nonstop = nonstop || flag == "nonstop_tsc";
        }
        return constant && nonstop;
    }
    return false;
}

std::uint64_t tsc_skew_ns(std::uint64_t origin_tick, std::uint64_t origin_ns,
                          std::uint64_t ns_per_tick_q32, std::uint64_t tick,
                          std::uint64_t ns) noexcept {
    if (tick < origin_tick) return ~0ull;  // behind the origin: not the same counter
    const auto mapped = origin_ns + static_cast<std::uint64_t>(
        (static_cast<unsigned __int128>(tick - origin_tick) * ns_per_tick_q32) >> 32);
    return mapped > ns ? mapped - ns : ns - mapped;
}

std::optional<std::uint64_t> tsc_ns_per_tick_q32() {
    static const std::optional<std::uint64_t> rate = calibrate();
    return rate;
}

std::uint64_t TscClock::start() noexcept {
    const Reading reading = read_both();
    base_tick_ = start_tick_ = reading.tick;
    base_ns_ = start_ns_ = last_ = reading.ns;
    rate_ = calibrated_rate_;
    return reading.ns;
}

std::uint64_t TscClock::steer() noexcept {
    const Reading reading = read_both();
    const std::uint64_t current = std::max(at(reading.tick), last_);
    // The rate over the whole run so far is the best estimate of the true one.
    std::uint64_t rate = rate_;
    if (reading.tick > start_tick_ && reading.ns > start_ns_) {
        rate = static_cast<std::uint64_t>(
            (static_cast<unsigned __int128>(reading.ns - start_ns_) << 32) /
            (reading.tick - start_tick_));
    }
    // Tilt it to gain (or lose) the offset over the next window, by at most 0.1%, so
    // the clock keeps moving forward at nearly its true rate.
    const auto offset = static_cast<__int128>(reading.ns) - static_cast<__int128>(current);
    __int128 tilt = (offset * static_cast<__int128>(rate)) / static_cast<__int128>(kSteerWindowNs);
    const auto most = static_cast<__int128>(rate / 1000);
    tilt = std::max(-most, std::min(most, tilt));
    rate_ = static_cast<std::uint64_t>(static_cast<__int128>(rate) + tilt);
    base_tick_ = reading.tick;
    base_ns_ = last_ = current;
    return current;
}

}  // namespace fio::core
