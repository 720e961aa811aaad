// log_compression: a helper thread of one job thread that deflates the full chunks of
// the job's per-I/O log records, so that a long run keeps its logs in a fraction of
// the memory, as stock fio's compression worker does. The job thread hands chunks
// over at its log ticks (never per I/O); the helper deflates them in the order given.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

namespace fio::core {

class LogCompressor {
public:
    // One chunk handed over: deflated, or (when memory for that ran out) as it was.
    struct Chunk {
        std::vector<unsigned char> stream;  // one zlib stream; empty: see raw
        std::size_t raw_bytes = 0;          // the chunk's size inflated
        std::shared_ptr<const void> owner;  // keeps `raw` alive when it was not deflated
        std::span<const std::byte> raw;
    };
    // The chunks of one record store, oldest first.
    using Chunks = std::vector<Chunk>;

    // Starts the helper; on `cpus` when not empty (log_compression_cpus). Throws
    // PlacementError when it cannot run there.
    explicit LogCompressor(const std::vector<std::uint32_t>& cpus);
    // Deflates what was handed over, then stops.
    ~LogCompressor();

    LogCompressor(const LogCompressor&) = delete;
    LogCompressor& operator=(const LogCompressor&) = delete;

    // Hands over `bytes` (kept alive by `owner` until deflated) to be appended to
    // `into`, which the caller must not touch until wait_idle().
    void submit(std::shared_ptr<const void> owner, std::span<const std::byte> bytes,
                Chunks* into);

    // Returns once everything handed over is in its Chunks.
    void wait_idle();

private:
    struct Work {
        std::shared_ptr<const void> owner;
        std::span<const std::byte> bytes;
        Chunks* into;
    };

    void run();

    std::mutex mutex_;
    std::condition_variable work_ready_;
    std::condition_variable idle_;
    std::deque<Work> queue_;
    bool busy_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace fio::core
