// Holds the job threads that start at one moment (a stonewall group, or the jobs whose
// wait_for is met) until every one of them is set up: engine created, buffers
// allocated, files opened and registered. Their I/O then begins together, as stock fio
// starts its jobs only once all are set up, so a slow setup (a large ring to register,
// a pre_read) does not leave the others running alone for its duration: group totals,
// flow ratios and time_based runtimes all assume the jobs overlap.
//
// A thread whose setup fails, or that has no I/O to do (create_only), still counts as
// arrived: it stops holding the others back. Ctrl-C or exitall ends a wait at once.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace fio::core {

class StartGate {
public:
    explicit StartGate(std::size_t members) : waiting_for_(members) {}

    // Counts the caller in, and waits until everyone has been counted in, or until
    // `stop` or `terminate` is set.
    void arrive_and_wait(const std::atomic<bool>& stop, const std::atomic<bool>& terminate) {
        std::unique_lock lock(mutex_);
        count_in();
        // Ctrl-C and exitall set their flags without notifying: look again every 50 ms.
        while (waiting_for_ != 0 && !stop.load(std::memory_order_relaxed) &&
               !terminate.load(std::memory_order_relaxed)) {
            all_in_.wait_for(lock, std::chrono::milliseconds(50));
        }
    }

    // Counts the caller in without waiting.
    void arrive() {
        std::lock_guard lock(mutex_);
        count_in();
    }

private:
    void count_in() {
        if (waiting_for_ != 0 && --waiting_for_ == 0) all_in_.notify_all();
    }

    std::mutex mutex_;
    std::condition_variable all_in_;
    std::size_t waiting_for_;
};

// A job thread's passage through its gate: arrive_and_wait() once set up; if the
// thread leaves before that (an exception, nothing to do), the destructor counts it in.
class GatePassage {
public:
    explicit GatePassage(StartGate* gate) noexcept : gate_(gate) {}
    ~GatePassage() {
        if (gate_ != nullptr) gate_->arrive();
    }
    GatePassage(const GatePassage&) = delete;
    GatePassage& operator=(const GatePassage&) = delete;

    void arrive_and_wait(const std::atomic<bool>& stop, const std::atomic<bool>& terminate) {
        if (gate_ == nullptr) return;
        StartGate* gate = gate_;
        gate_ = nullptr;
        gate->arrive_and_wait(stop, terminate);
    }

private:
    StartGate* gate_;
};

}  // namespace fio::core
