// The start gate of a batch of job threads (run/start_gate.hpp): nobody passes until
// everyone has arrived; a thread that leaves early counts as arrived; Ctrl-C or
// exitall releases the waiters.
#include "run/start_gate.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace fio::core {
namespace {

using namespace std::chrono_literals;

TEST(StartGate, HoldsEveryoneUntilTheLastArrives) {
    StartGate gate(3);
    std::atomic<bool> stop{false};
    std::atomic<bool> terminate{false};
    std::atomic<int> passed{0};
    std::thread first([&] { gate.arrive_and_wait(stop, terminate); ++passed; });
    std::thread second([&] { gate.arrive_and_wait(stop, terminate); ++passed; });
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(passed.load(), 0);
    gate.arrive();  // the third: its setup failed
    first.join();
    second.join();
    EXPECT_EQ(passed.load(), 2);
}

TEST(StartGate, APassageLeftBeforeArrivingCountsIn) {
    StartGate gate(2);
    std::atomic<bool> stop{false};
    std::atomic<bool> terminate{false};
    { GatePassage leaves_early(&gate); }  // e.g. a setup error
    gate.arrive_and_wait(stop, terminate);  // would wait forever if it had not counted
    SUCCEED();
}

TEST(StartGate, AnArrivedPassageDoesNotCountTwice) {
    StartGate gate(3);
    std::atomic<bool> stop{false};
    std::atomic<bool> terminate{false};
    std::atomic<bool> passed{false};
    std::thread waiter([&] {
        GatePassage passage(&gate);
        passage.arrive_and_wait(stop, terminate);
        passed = true;
    });  // its destructor runs after the wait: it must not count in again
    std::this_thread::sleep_for(50ms);
    gate.arrive();
    std::this_thread::sleep_for(100ms);
    EXPECT_FALSE(passed.load());  // one member still missing
    gate.arrive();
    waiter.join();
    EXPECT_TRUE(passed.load());
}

TEST(StartGate, StopAndTerminateReleaseTheWaiters) {
    for (const bool by_stop : {true, false}) {
        StartGate gate(2);
        std::atomic<bool> stop{false};
        std::atomic<bool> terminate{false};
        std::atomic<bool> passed{false};
        std::thread waiter([&] {
            gate.arrive_and_wait(stop, terminate);
            passed = true;
        });
        std::this_thread::sleep_for(50ms);
        EXPECT_FALSE(passed.load());
        (by_stop ? stop : terminate) = true;  // set without a notification, as a signal does
        waiter.join();
        EXPECT_TRUE(passed.load());
    }
}

}  // namespace
}  // namespace fio::core
