#include "run/tsc_clock.hpp"

#include <fio/sdk/clock.hpp>

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

// The kernel keeps time with the TSC only after checking that the CPUs' counters agree.
bool kernel_keeps_time_with_tsc() {
    std::ifstream current("/sys/devices/system/clocksource/clocksource0/current_clocksource");
    std::string name;
    return static_cast<bool>(current >> name) && name == "tsc";
}

std::optional<std::uint64_t> calibrate() {
    if (!cpu_has_invariant_tsc() || !kernel_keeps_time_with_tsc()) return std::nullopt;
    const Reading first = read_both();
    std::this_thread::sleep_for(kCalibrationSpan);
    const Reading second = read_both();
    if (second.tick <= first.tick || second.ns <= first.ns) return std::nullopt;
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(second.ns - first.ns) << 32) /
                                      (second.tick - first.tick));
}
#else
Reading read_both() noexcept { return {0, sdk::monotonic_ns()}; }
std::optional<std::uint64_t> calibrate() { return std::nullopt; }
#endif

}  // namespace

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
