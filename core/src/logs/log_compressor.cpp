#include "logs/log_compressor.hpp"

#include "logs/zlib_streams.hpp"
#include "run/placement.hpp"

#include <algorithm>
#include <exception>
#include <future>

namespace fio::core {

LogCompressor::LogCompressor(const std::vector<std::uint32_t>& cpus) {
    std::promise<void> started;
    std::future<void> placed = started.get_future();
    thread_ = std::thread([this, &cpus, &started] {
        try {
            if (!cpus.empty()) run_on_cpus(cpus, "log_compression_cpus");
            started.set_value();
        } catch (...) {
            started.set_exception(std::current_exception());
            return;
        }
        run();
    });
    try {
        placed.get();
    } catch (...) {
        thread_.join();
        throw;
    }
}

LogCompressor::~LogCompressor() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    work_ready_.notify_one();
    thread_.join();
}

void LogCompressor::submit(std::shared_ptr<const void> owner, std::span<const std::byte> bytes,
                           Chunks* into) {
    {
        std::lock_guard lock(mutex_);
        // Room for every chunk that can reach `into` before the next submit(), so that
        // the helper's push_back never allocates (and never throws).
        const std::size_t needed = into->size() + queue_.size() + 2;
        if (into->capacity() < needed) into->reserve(std::max(needed, 2 * into->capacity()));
        queue_.push_back({std::move(owner), bytes, into});
    }
    work_ready_.notify_one();
}

void LogCompressor::wait_idle() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

void LogCompressor::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and nothing left
        Work work = std::move(queue_.front());
        queue_.pop_front();
        busy_ = true;
        lock.unlock();
        Chunk chunk;
        chunk.raw_bytes = work.bytes.size();
        try {
            chunk.stream = deflate_stream(work.bytes);
            work.owner.reset();  // the records' memory goes back at once
        } catch (const std::bad_alloc&) {
            // No memory for the deflated copy: the chunk stays as it was.
            chunk.owner = std::move(work.owner);
            chunk.raw = work.bytes;
        }
        lock.lock();
        work.into->push_back(std::move(chunk));  // room was reserved by submit()
        busy_ = false;
        if (queue_.empty()) idle_.notify_all();
    }
}

}  // namespace fio::core
