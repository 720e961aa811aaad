// --idle-prof: stock fio's CPU idleness profiling. One thread per online CPU, pinned
// there, first times a unit of work (writing a page byte by byte) while it still runs at
// normal priority, then drops to SCHED_IDLE and repeats the unit until the run ends: it
// only gets the CPU when nothing else wants it, so the units it completed, times the
// calibrated unit time, over the run time is how idle that CPU was.
#pragma once

#include <fio/sdk/result.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace fio::core {

enum class IdleProfMode { none, calibrate, system, percpu };

// "system", "percpu" or "calibrate"; throws std::invalid_argument naming the value.
IdleProfMode parse_idle_prof_mode(const std::string& text);

struct IdleProfError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class IdleProfiler {
public:
    // Starts the threads and waits until each has calibrated and dropped to SCHED_IDLE.
    // Throws IdleProfError (a thread could not be pinned or made idle-class).
    explicit IdleProfiler(IdleProfMode mode);
    ~IdleProfiler();
    IdleProfiler(const IdleProfiler&) = delete;
    IdleProfiler& operator=(const IdleProfiler&) = delete;

    // The threads start counting units (called as the jobs start).
    void start();
    // The threads stop; the idleness they measured (calibration only if never started).
    sdk::CpuIdleness stop();

private:
    struct Worker;
    void stop_threads();

    IdleProfMode mode_;
    std::atomic<int> phase_{0};  // 0 calibrating/waiting, 1 counting, 2 stop
    std::mutex ready_mutex_;     // guards each worker's ready and failure
    std::condition_variable ready_cv_;
    std::vector<std::unique_ptr<Worker>> workers_;
    std::vector<std::thread> threads_;
};

}  // namespace fio::core
