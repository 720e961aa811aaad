// verify_async=N: N helper threads check blocks read back while the job thread keeps
// I/O going. A block is copied into one of a fixed set of slots, so the I/O unit is
// free again at once; when every slot is busy the job thread waits for one.
#pragma once

#include "jobs/job_spec.hpp"
#include "verify/block_check.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace fio::core {

class AsyncChecker {
public:
    AsyncChecker(const JobSpec& job, unsigned threads, std::size_t slot_bytes, std::size_t slots);
    ~AsyncChecker();
    AsyncChecker(const AsyncChecker&) = delete;
    AsyncChecker& operator=(const AsyncChecker&) = delete;

    // Copies `block` and queues its check.
    void submit(const CheckedBlock& block);
    // Returns once every queued check finished.
    void drain();

    bool failed() const noexcept { return failed_.load(std::memory_order_acquire); }
    // The first failure; valid once failed() is true.
    const std::string& failure_text() const noexcept { return failure_text_; }

private:
    struct Slot {
        std::vector<std::uint8_t> bytes;
        CheckedBlock block;
    };
    void work(BlockCodec codec);

    const JobSpec& job_;
    std::vector<Slot> slots_;
    std::vector<std::size_t> free_;
    std::deque<std::size_t> queued_;
    std::size_t checking_ = 0;
    bool stopping_ = false;
    std::mutex mutex_;
    std::condition_variable work_ready_;   // helpers wait for blocks
    std::condition_variable slot_freed_;   // the job thread waits for a slot or for idle
    std::atomic<bool> failed_{false};
    std::string failure_text_;
    std::vector<std::thread> threads_;
};

}  // namespace fio::core
