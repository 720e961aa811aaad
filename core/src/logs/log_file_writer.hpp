// Writes the lines of one log file as text, or with log_store_compressed as stock
// fio's compressed samples (fz_samples.hpp): one zlib stream per chunk of samples, so
// neither a writer nor a reader ever holds a whole large log at once.
#pragma once

#include "logs/log_format.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <cstdio>
#include <vector>

namespace fio::core {

class LogFileWriter {
public:
    // `file` stays the caller's to close.
    LogFileWriter(std::FILE* file, LineStyle style, bool compressed)
        : file_(file), style_(style), compressed_(compressed) {}

    void add(const LogLine& line);

    // Text the caller formats itself (histogram lines; text files only): append to
    // text(), then call written().
    fmt::memory_buffer& text() noexcept { return text_; }
    void written() {
        if (text_.size() >= kTextChunk) flush_text();
    }

    // Writes what is buffered. Returns false if any write failed (errno says why).
    bool finish();

private:
    static constexpr std::size_t kTextChunk = std::size_t{1} << 20;
    static constexpr std::size_t kSampleChunk = std::size_t{1} << 20;

    void flush_text();
    void flush_samples();

    std::FILE* file_;
    LineStyle style_;
    bool compressed_;
    bool ok_ = true;
    fmt::memory_buffer text_;
    std::vector<std::byte> samples_;
};

}  // namespace fio::core
