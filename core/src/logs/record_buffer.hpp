// An append-only store of fixed-size records that never moves what it holds: memory
// comes in chunks, so appending is a store and a compare, and a new chunk is needed
// only once per many records. reserve_ahead() lets the owner allocate the next chunk
// at a quiet moment (a sample tick) instead of on the I/O that would fill the last one.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

namespace fio::core {

template <typename Record>
class RecordBuffer {
public:
    // `first_chunk`: records in the first chunk (log_entries); later chunks double, up
    // to kMaxChunk.
    explicit RecordBuffer(std::size_t first_chunk = 1024) : next_capacity_(first_chunk) {}

    void push(const Record& record) noexcept {
        if (next_ == end_) [[unlikely]] next_chunk(0);
        *next_++ = record;
    }

    // Makes sure `count` more records fit without allocating in push().
    void reserve_ahead(std::size_t count) {
        std::size_t spare = static_cast<std::size_t>(end_ - next_);
        for (std::size_t i = current_ + 1; i < chunks_.size(); ++i) spare += chunks_[i].capacity;
        if (spare < count) add_chunk(count - spare);
    }

    std::size_t size() const noexcept {
        std::size_t total = 0;
        for (std::size_t i = 0; i < chunks_.size() && i <= current_; ++i) total += used(i);
        return total;
    }

    void clear() noexcept {
        current_ = 0;
        next_ = chunks_.empty() ? nullptr : chunks_[0].records.get();
        end_ = chunks_.empty() ? nullptr : next_ + chunks_[0].capacity;
    }

    // Calls `each(record)` for every record, oldest first.
    template <typename Each>
    void for_each(Each&& each) const {
        for (std::size_t i = 0; i < chunks_.size() && i <= current_; ++i) {
            const Record* records = chunks_[i].records.get();
            for (std::size_t r = 0; r < used(i); ++r) each(records[r]);
        }
    }

private:
    static constexpr std::size_t kMaxChunk = std::size_t{1} << 20;

    struct Chunk {
        std::unique_ptr<Record[]> records;
        std::size_t capacity = 0;
    };

    std::size_t used(std::size_t i) const noexcept {
        if (i < current_) return chunks_[i].capacity;
        return static_cast<std::size_t>(next_ - chunks_[i].records.get());
    }

    void add_chunk(std::size_t at_least) {
        const std::size_t capacity = std::max(at_least, next_capacity_);
        chunks_.push_back({std::make_unique_for_overwrite<Record[]>(capacity), capacity});
        next_capacity_ = std::min(kMaxChunk, next_capacity_ * 2);
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
};

}  // namespace fio::core
