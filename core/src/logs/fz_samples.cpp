#include "logs/fz_samples.hpp"

#include "util/byte_fields.hpp"

namespace fio::core {
namespace {

constexpr std::size_t kTimeAt = 0;
constexpr std::size_t kValueAt = 8;
constexpr std::size_t kDdirAt = 16;
constexpr std::size_t kPriorityAt = 20;
constexpr std::size_t kBsAt = 24;
constexpr std::size_t kOffsetAt = 32;

}  // namespace

void append_sample(std::vector<std::byte>& out, const LogLine& line, LineStyle style) {
    const std::size_t size = sample_bytes(style.offset);
    const std::size_t at = out.size();
    out.resize(at + size);  // value-initialised: the padding bytes are zero
    std::byte* sample = out.data() + at;
    std::uint32_t ddir = line.ddir;
    if (style.offset) ddir |= kSampleOffsetFlag;
    if (style.full_prio) ddir |= kSamplePrioFlag;
    put_field(sample, kTimeAt, line.time_ms);
    put_field(sample, kValueAt, line.value);
    put_field(sample, kDdirAt, ddir);
    put_field(sample, kPriorityAt, line.ioprio);
    put_field(sample, kBsAt, line.bs);
    if (style.offset) put_field(sample, kOffsetAt, line.offset);
}

std::size_t append_sample_lines(std::span<const std::byte> raw, fmt::memory_buffer& out) {
    if (raw.size() < sample_bytes(false)) return raw.size();
    const auto first_flags = get_field<std::uint32_t>(raw.data(), kDdirAt);
    const LineStyle style{(first_flags & kSampleOffsetFlag) != 0,
                          (first_flags & kSamplePrioFlag) != 0};
    const std::size_t size = sample_bytes(style.offset);
    const std::size_t whole = raw.size() / size;
    for (std::size_t i = 0; i < whole; ++i) {
        const std::byte* sample = raw.data() + i * size;
        LogLine line;
        line.time_ms = get_field<std::uint64_t>(sample, kTimeAt);
        line.value = get_field<std::uint64_t>(sample, kValueAt);
        line.ddir = get_field<std::uint32_t>(sample, kDdirAt) & ~(kSampleOffsetFlag | kSamplePrioFlag);
        line.ioprio = get_field<std::uint16_t>(sample, kPriorityAt);
        line.bs = get_field<std::uint64_t>(sample, kBsAt);
        if (style.offset) line.offset = get_field<std::uint64_t>(sample, kOffsetAt);
        append_log_line(out, line, style);
    }
    return raw.size() - whole * size;
}

}  // namespace fio::core
