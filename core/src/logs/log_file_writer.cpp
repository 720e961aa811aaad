#include "logs/log_file_writer.hpp"

#include "logs/fz_samples.hpp"
#include "logs/zlib_streams.hpp"

namespace fio::core {

void LogFileWriter::add(const LogLine& line) {
    if (compressed_) {
        append_sample(samples_, line, style_);
        if (samples_.size() >= kSampleChunk) flush_samples();
    } else {
        append_log_line(text_, line, style_);
        written();
    }
}

void LogFileWriter::flush_text() {
    if (ok_ && std::fwrite(text_.data(), 1, text_.size(), file_) != text_.size()) ok_ = false;
    text_.clear();
}

void LogFileWriter::flush_samples() {
    if (samples_.empty()) return;  // an empty log stays an empty file, as stock's
    const std::vector<unsigned char> stream = deflate_stream(samples_);
    if (ok_ && std::fwrite(stream.data(), 1, stream.size(), file_) != stream.size()) ok_ = false;
    samples_.clear();
}

bool LogFileWriter::finish() {
    flush_text();
    flush_samples();
    return ok_;
}

}  // namespace fio::core
