// An append-only store of fixed-size records that never moves what it holds: memory
// comes in chunks, so appending is a store and a compare, and a new chunk is needed
// only once per many records. reserve_ahead() lets the owner allocate the next chunk
// at a quiet moment (a sample tick) instead of on the I/O that would fill the last one.
// With log_compression the chunks have one fixed size, and compress_full_chunks() (at
// a tick too) hands the full ones to a LogCompressor; for_each() inflates them again.
#pragma once

#include "logs/log_compressor.hpp"
#include "logs/zlib_streams.hpp"

#include <algorithm>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace fio::core {

template <typename Record>
class RecordBuffer {
public:
    static_assert(std::is_trivially_copyable_v<Record>, "records are compressed as bytes");

    // `first_chunk`: records in the first chunk (log_entries); later chunks double, up
    // to kMaxChunk.
    explicit RecordBuffer(std::size_t first_chunk = 1024) : next_capacity_(first_chunk) {}

    // From now on every chunk holds `chunk_records` records, and compress_full_chunks()
    // hands the full ones to `compressor`. Call before the first push().
    void compress_with(LogCompressor* compressor, std::size_t chunk_records) {
        compressor_ = compressor;
        fixed_chunk_ = std::max<std::size_t>(chunk_records, 1);
        next_capacity_ = fixed_chunk_;
    }

    void push(const Record& record) noexcept {
        if (next_ == end_) [[unlikely]] next_chunk(0);
        *next_++ = record;
    }

    // Makes sure `count` more records fit without allocating in push().
    void reserve_ahead(std::size_t count) {
        std::size_t spare = static_cast<std::size_t>(end_ - next_);
        for (std::size_t i = current_ + 1; i < chunks_.size(); ++i) spare += chunks_[i].capacity;
        while (spare < count) spare += add_chunk(count - spare);
    }

    // Hands every full chunk to the compressor (none without compress_with()). Throws
    // std::bad_alloc; the chunks not handed over then stay here as they are.
    void compress_full_chunks() {
        if (compressor_ == nullptr) return;
        while (current_ > 0) {
            const Chunk& chunk = chunks_.front();
            const auto* bytes = reinterpret_cast<const std::byte*>(chunk.records.get());
            compressor_->submit(chunk.records, {bytes, chunk.capacity * sizeof(Record)},
                                &compressed_);
            handed_records_ += chunk.capacity;
            chunks_.erase(chunks_.begin());
            --current_;
        }
    }

    // Records pushed since the last clear().
    std::size_t size() const noexcept {
        std::size_t total = handed_records_;
        for (std::size_t i = 0; i < chunks_.size() && i <= current_; ++i) total += used(i);
        return total;
    }

    // Forgets every record. With compression, the compressor must be idle (wait_idle()).
    void clear() noexcept {
        compressed_.clear();
        handed_records_ = 0;
        current_ = 0;
        next_ = chunks_.empty() ? nullptr : chunks_[0].records.get();
        end_ = chunks_.empty() ? nullptr : next_ + chunks_[0].capacity;
    }

    // Calls `each(record)` for every record, oldest first. With compression, the
    // compressor must be idle (wait_idle()). Throws std::runtime_error if a compressed
    // chunk does not inflate to what was compressed (memory corrupted).
    template <typename Each>
    void for_each(Each&& each) const {
        std::vector<Record> inflated;
        for (const LogCompressor::Chunk& chunk : compressed_) {
            if (chunk.stream.empty()) {
                each_of(reinterpret_cast<const Record*>(chunk.raw.data()),
                        chunk.raw.size() / sizeof(Record), each);
                continue;
            }
            inflated.resize(chunk.raw_bytes / sizeof(Record));
            if (!inflate_exact(chunk.stream, std::as_writable_bytes(std::span(inflated)))) {
                throw std::runtime_error("a compressed chunk of the log does not inflate");
            }
            each_of(inflated.data(), inflated.size(), each);
        }
        for (std::size_t i = 0; i < chunks_.size() && i <= current_; ++i) {
            each_of(chunks_[i].records.get(), used(i), each);
        }
    }

private:
    static constexpr std::size_t kMaxChunk = std::size_t{1} << 20;

    struct Chunk {
        std::shared_ptr<Record[]> records;  // shared with the compressor once handed over
        std::size_t capacity = 0;
    };

    template <typename Each>
    static void each_of(const Record* records, std::size_t count, Each& each) {
        for (std::size_t r = 0; r < count; ++r) each(records[r]);
    }

    std::size_t used(std::size_t i) const noexcept {
        if (i < current_) return chunks_[i].capacity;
        return static_cast<std::size_t>(next_ - chunks_[i].records.get());
    }

    // Adds a chunk for at least `at_least` records (exactly fixed_chunk_ with
    // compression); returns its capacity.
    std::size_t add_chunk(std::size_t at_least) {
        const std::size_t capacity = fixed_chunk_ ? fixed_chunk_ : std::max(at_least, next_capacity_);
        chunks_.push_back({std::make_shared_for_overwrite<Record[]>(capacity), capacity});
        if (!fixed_chunk_) next_capacity_ = std::min(kMaxChunk, next_capacity_ * 2);
        return capacity;
    }

    // Moves on to the next chunk, allocating it if reserve_ahead() did not.
    void next_chunk(std::size_t at_least) {
        if (chunks_.empty()) {
            add_chunk(at_least);
            current_ = 0;
        } else {
            if (current_ + 1 == chunks_.size()) add_chunk(at_least);
            ++current_;
        }
        next_ = chunks_[current_].records.get();
        end_ = next_ + chunks_[current_].capacity;
    }

    std::vector<Chunk> chunks_;
    std::size_t current_ = 0;
    std::size_t next_capacity_;
    Record* next_ = nullptr;
    Record* end_ = nullptr;

    // log_compression
    LogCompressor* compressor_ = nullptr;
    std::size_t fixed_chunk_ = 0;           // records per chunk; 0: chunks double
    LogCompressor::Chunks compressed_;      // handed over, oldest first
    std::size_t handed_records_ = 0;
};

}  // namespace fio::core
