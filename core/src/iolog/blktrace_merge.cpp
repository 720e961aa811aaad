#include "iolog/blktrace_merge.hpp"

#include "iolog/blktrace_reader.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace fio::core {
namespace {

// One input trace as the merge reads it: its next kept event, with the time it takes in
// the merged trace.
class MergeCursor {
public:
    MergeCursor(const std::string& path, std::uint32_t scalar, std::uint32_t passes)
        : stream_(path), scalar_(scalar), passes_(passes) {
        advance();
    }

    bool done() const noexcept { return !current_; }
    std::uint64_t time() const noexcept { return merged_time_; }
    const blktrace::Record& record() const noexcept { return *current_; }

    // Moves to the next kept event, starting the next pass at the end of one.
    void advance() {
        while (pass_ < passes_) {
            while (auto record = stream_.next()) {
                last_raw_ns_ = record->time_ns;
                if (record->what() != blktrace::kQueue || record->has(blktrace::kNotify)) continue;
                if (!record->has(blktrace::kRead | blktrace::kWrite | blktrace::kDiscard)) continue;
                current_ = *record;
                const std::uint64_t raw = record->time_ns + pass_ * length_ns_;
                merged_time_ = static_cast<std::uint64_t>(static_cast<long double>(raw) * scalar_ / 100);
                return;
            }
            // A pass takes as long as the trace's last event: the next one starts there.
            if (pass_ == 0) length_ns_ = last_raw_ns_;
            ++pass_;
            if (pass_ < passes_) stream_.rewind();
        }
        current_.reset();
    }

private:
    BlktraceStream stream_;
    std::uint32_t scalar_;
    std::uint32_t passes_;
    std::uint32_t pass_ = 0;
    std::uint64_t length_ns_ = 0;
    std::uint64_t last_raw_ns_ = 0;
    std::optional<blktrace::Record> current_;
    std::uint64_t merged_time_ = 0;
};

std::vector<std::uint32_t> per_input(const std::vector<std::uint32_t>& given, std::size_t inputs,
                                     std::uint32_t fallback, const char* option) {
    if (given.empty()) return std::vector<std::uint32_t>(inputs, fallback);
    if (given.size() != inputs) {
        throw IoLogError(fmt::format("{}: {} value{} for {} trace{} in read_iolog (one per trace)",
                                     option, given.size(), given.size() == 1 ? "" : "s", inputs,
                                     inputs == 1 ? "" : "s"));
    }
    return given;
}

struct FileCloser {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

}  // namespace

std::uint64_t merge_blktraces(const BlktraceMerge& merge) {
    const auto scalars = per_input(merge.scalars, merge.inputs.size(), 100, "merge_blktrace_scalars");
    const auto iters = per_input(merge.iters, merge.inputs.size(), 1, "merge_blktrace_iters");
    std::vector<std::unique_ptr<MergeCursor>> cursors;
    for (std::size_t i = 0; i < merge.inputs.size(); ++i) {
        if (!is_blktrace_file(merge.inputs[i])) {
            throw IoLogError(fmt::format("merge_blktrace_file: read_iolog={} is not a blktrace trace",
                                         merge.inputs[i]));
        }
        cursors.push_back(std::make_unique<MergeCursor>(merge.inputs[i], scalars[i], iters[i]));
    }
    std::unique_ptr<std::FILE, FileCloser> out(std::fopen(merge.output.c_str(), "wb"));
    if (!out) {
        throw IoLogError(fmt::format("merge_blktrace_file={}: cannot create it: {}", merge.output,
                                     std::strerror(errno)));
    }
    std::uint64_t written = 0;
    for (;;) {
        MergeCursor* earliest = nullptr;
        for (auto& cursor : cursors) {
            if (!cursor->done() && (!earliest || cursor->time() < earliest->time())) {
                earliest = cursor.get();
            }
        }
        if (!earliest) break;
        blktrace::Record record = earliest->record();
        record.time_ns = earliest->time();
        record.pdu_len = 0;
        record.magic = blktrace::kMagic | blktrace::kVersion;
        unsigned char bytes[blktrace::kRecordSize];
        blktrace::encode_record(record, bytes);
        if (std::fwrite(bytes, sizeof bytes, 1, out.get()) != 1) {
            throw IoLogError(fmt::format("merge_blktrace_file={}: cannot write it: {}", merge.output,
                                         std::strerror(errno)));
        }
        ++written;
        earliest->advance();
    }
    if (std::fflush(out.get()) != 0) {
        throw IoLogError(fmt::format("merge_blktrace_file={}: cannot write it: {}", merge.output,
                                     std::strerror(errno)));
    }
    return written;
}

}  // namespace fio::core
