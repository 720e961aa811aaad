#include "run/idle_profiler.hpp"

#include <fio/sdk/clock.hpp>

#include <fmt/format.h>

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>

namespace fio::core {
namespace {

// Stock's unit of work is one pass over a page; the calibration times kScale units at a
// time, kRuns times, and keeps the fastest run (the least disturbed one).
constexpr std::size_t kCalibrationRuns = 10;
constexpr std::size_t kCalibrationScale = 1000;

std::size_t page_bytes() {
    const long size = ::sysconf(_SC_PAGESIZE);
    return size > 0 ? static_cast<std::size_t>(size) : 4096;
}

}  // namespace

IdleProfMode parse_idle_prof_mode(const std::string& text) {
    if (text == "system") return IdleProfMode::system;
    if (text == "percpu") return IdleProfMode::percpu;
    if (text == "calibrate") return IdleProfMode::calibrate;
    throw std::invalid_argument(
        fmt::format("--idle-prof: '{}' is not system, percpu or calibrate", text));
}

struct IdleProfiler::Worker {
    unsigned cpu = 0;
    std::vector<unsigned char> page;
    double unit_us = 0;          // calibrated time of one unit
    double units = 0;            // units completed while counting
    std::uint64_t counting_ns = 0;
    std::string failure;         // why the thread could not take part
    bool ready = false;          // calibrated (or failed)

    // One unit of work at `offset`, checking `phase` after each byte as stock does so
    // that a stop is seen within a byte. Returns false when stopped part-way, leaving
    // in `done` the bytes written.
    bool unit(std::size_t offset, const std::atomic<int>& phase, std::size_t& done) {
        volatile unsigned char* bytes = page.data();
        const std::size_t size = page.size();
        for (std::size_t k = 0; k < size; ++k) {
            bytes[(k + offset) % size] = static_cast<unsigned char>(k);
            if (phase.load(std::memory_order_relaxed) == 2) {
                done = k;
                return false;
            }
        }
        return true;
    }

    void calibrate(const std::atomic<int>& phase) {
        double fastest_us = 0;
        std::size_t done = 0;
        for (std::size_t run = 0; run < kCalibrationRuns; ++run) {
            const std::uint64_t start = sdk::monotonic_ns();
            for (std::size_t j = 0; j < kCalibrationScale; ++j) unit(j, phase, done);
            const double us = static_cast<double>(sdk::monotonic_ns() - start) / 1000.0;
            if (run == 0 || us < fastest_us) fastest_us = us;
        }
        unit_us = fastest_us / kCalibrationScale;
    }

    void count(const std::atomic<int>& phase) {
        const std::uint64_t start = sdk::monotonic_ns();
        std::size_t j = 0;
        std::size_t done = 0;
        while (unit(j, phase, done)) ++j;
        counting_ns = sdk::monotonic_ns() - start;
        units = static_cast<double>(j) + static_cast<double>(done) / static_cast<double>(page.size());
    }
};

IdleProfiler::IdleProfiler(IdleProfMode mode) : mode_(mode) {
    const long online = ::sysconf(_SC_NPROCESSORS_ONLN);
    const unsigned cpus = online > 0 ? static_cast<unsigned>(online) : 1;
    for (unsigned cpu = 0; cpu < cpus; ++cpu) {
        auto worker = std::make_unique<Worker>();
        worker->cpu = cpu;
        worker->page.assign(page_bytes(), 0);
        workers_.push_back(std::move(worker));
    }
    for (auto& owned : workers_) {
        Worker* worker = owned.get();
        threads_.emplace_back([this, worker] {
            const auto report = [&](std::string failure) {
                const std::lock_guard lock(ready_mutex_);
                worker->failure = std::move(failure);
                worker->ready = true;
                ready_cv_.notify_all();
            };
            cpu_set_t set;
            CPU_ZERO(&set);
            CPU_SET(worker->cpu, &set);
            if (const int e = pthread_setaffinity_np(pthread_self(), sizeof set, &set); e != 0) {
                return report(fmt::format("cannot pin a thread to CPU {}: {}", worker->cpu, std::strerror(e)));
            }
            worker->calibrate(phase_);
            // Idle class only now, so that the calibration ran at normal priority.
            sched_param param{};
            if (const int e = pthread_setschedparam(pthread_self(), SCHED_IDLE, &param); e != 0) {
                return report(fmt::format("cannot make CPU {}'s thread SCHED_IDLE: {}", worker->cpu,
                                          std::strerror(e)));
            }
            report("");
            while (phase_.load(std::memory_order_acquire) == 0) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            if (phase_.load(std::memory_order_acquire) == 1) worker->count(phase_);
        });
    }
    std::unique_lock lock(ready_mutex_);
    ready_cv_.wait(lock, [&] {
        for (const auto& worker : workers_) {
            if (!worker->ready) return false;
        }
        return true;
    });
    lock.unlock();
    for (const auto& worker : workers_) {
        if (worker->failure.empty()) continue;
        stop_threads();
        throw IdleProfError("--idle-prof: " + worker->failure);
    }
}

IdleProfiler::~IdleProfiler() { stop_threads(); }

void IdleProfiler::stop_threads() {
    phase_.store(2, std::memory_order_release);
    for (auto& thread : threads_) {
        if (thread.joinable()) thread.join();
    }
}

void IdleProfiler::start() { phase_.store(1, std::memory_order_release); }

sdk::CpuIdleness IdleProfiler::stop() {
    stop_threads();
    sdk::CpuIdleness idleness;
    idleness.measured = mode_ == IdleProfMode::system || mode_ == IdleProfMode::percpu;
    idleness.per_cpu = mode_ == IdleProfMode::percpu;
    const double cpus = static_cast<double>(workers_.size());
    double sum = 0;
    for (const auto& worker : workers_) sum += worker->unit_us;
    idleness.unit_mean_us = sum / cpus;
    double squares = 0;
    for (const auto& worker : workers_) squares += std::pow(worker->unit_us - idleness.unit_mean_us, 2);
    // The sample standard deviation, as stock's; with one CPU there is no spread.
    idleness.unit_stddev_us = workers_.size() > 1 ? std::sqrt(squares / (cpus - 1)) : 0.0;
    double total = 0;
    for (const auto& worker : workers_) {
        // Every CPU's units are weighed with the mean unit time, as stock weighs them.
        const double run_us = static_cast<double>(worker->counting_ns) / 1000.0;
        const double idle = run_us > 0 ? worker->units * idleness.unit_mean_us / run_us : 0.0;
        idleness.cpu_percent.push_back(idle * 100.0);
        total += idle * 100.0;
    }
    idleness.system_percent = total / cpus;
    return idleness;
}

}  // namespace fio::core
