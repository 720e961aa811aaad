#include "verify/async_checker.hpp"

#include <cstring>

namespace fio::core {

AsyncChecker::AsyncChecker(const JobSpec& job, unsigned threads, std::size_t slot_bytes,
                           std::size_t slots)
    : job_(job), slots_(slots) {
    for (std::size_t i = 0; i < slots; ++i) {
        slots_[i].bytes.resize(slot_bytes);
        free_.push_back(i);
    }
    const std::uint64_t block_size = job.block_size[1];  // the write block size
    for (unsigned i = 0; i < threads; ++i) {
        threads_.emplace_back([this, codec = BlockCodec(job.verify, block_size)]() mutable {
            work(std::move(codec));
        });
    }
}

AsyncChecker::~AsyncChecker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    work_ready_.notify_all();
    for (auto& thread : threads_) thread.join();
}

void AsyncChecker::submit(const CheckedBlock& block) {
    std::unique_lock lock(mutex_);
    slot_freed_.wait(lock, [&] { return !free_.empty(); });
    const std::size_t index = free_.back();
    free_.pop_back();
    lock.unlock();

    Slot& slot = slots_[index];
    std::memcpy(slot.bytes.data(), block.data, block.length);
    slot.block = block;
    slot.block.data = slot.bytes.data();

    lock.lock();
    queued_.push_back(index);
    lock.unlock();
    work_ready_.notify_one();
}

void AsyncChecker::drain() {
    std::unique_lock lock(mutex_);
    slot_freed_.wait(lock, [&] { return queued_.empty() && checking_ == 0; });
}

void AsyncChecker::work(BlockCodec codec) {
    std::unique_lock lock(mutex_);
    while (true) {
        work_ready_.wait(lock, [&] { return stopping_ || !queued_.empty(); });
        if (queued_.empty()) return;  // stopping, nothing left
        const std::size_t index = queued_.front();
        queued_.pop_front();
        ++checking_;
        lock.unlock();

        // After the first failure the job ends: the rest need no report.
        if (!failed()) {
            if (auto failure = check_block(codec, slots_[index].block, job_.verify.dump)) {
                std::lock_guard first(mutex_);
                if (!failed()) {
                    failure_text_ = std::move(*failure);
                    failed_.store(true, std::memory_order_release);
                }
            }
        }

        lock.lock();
        --checking_;
        free_.push_back(index);
        slot_freed_.notify_all();
    }
}

}  // namespace fio::core
