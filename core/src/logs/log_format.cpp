#include "logs/log_format.hpp"

#include <iterator>

namespace fio::core {
namespace {

constexpr unsigned kIoprioClassShift = 13;
constexpr unsigned kIoprioClassRealtime = 1;

const char* kind_suffix(LogKind kind) {
    switch (kind) {
        case LogKind::bw: return "bw";
        case LogKind::lat: return "lat";
        case LogKind::clat: return "clat";
        case LogKind::slat: return "slat";
        case LogKind::iops: return "iops";
        case LogKind::clat_hist: return "clat_hist";
    }
    return "?";
}

}  // namespace

std::string log_file_name(std::string_view prefix, LogKind kind, std::uint32_t thread_number,
                          bool per_job) {
    if (per_job) return fmt::format("{}_{}.{}.log", prefix, kind_suffix(kind), thread_number);
    return fmt::format("{}_{}.log", prefix, kind_suffix(kind));
}

void append_log_line(fmt::memory_buffer& out, const LogLine& line, LineStyle style) {
    auto to = std::back_inserter(out);
    // The value prints signed, as stock's (real values never reach 2^63; a damaged
    // .fz read back by --inflate-log then prints what stock's prints).
    to = fmt::format_to(to, "{}, {}, {}, {}, ", line.time_ms, static_cast<std::int64_t>(line.value),
                        line.ddir, line.bs);
    if (style.offset) to = fmt::format_to(to, "{}, ", line.offset);
    if (style.full_prio) {
        fmt::format_to(to, "0x{:04x}\n", line.ioprio);
    } else {
        const bool realtime = (line.ioprio >> kIoprioClassShift) == kIoprioClassRealtime;
        fmt::format_to(to, "{}\n", realtime ? 1 : 0);
    }
}

void append_histogram_line(fmt::memory_buffer& out, std::uint64_t time_ms, std::uint32_t ddir,
                           std::uint64_t bs, std::span<const std::uint64_t> counts,
                           unsigned coarseness) {
    auto to = fmt::format_to(std::back_inserter(out), "{}, {}, {}", time_ms, ddir, bs);
    const std::size_t width = std::size_t{1} << coarseness;
    for (std::size_t first = 0; first < counts.size(); first += width) {
        std::uint64_t sum = 0;
        for (std::size_t i = first; i < first + width && i < counts.size(); ++i) sum += counts[i];
        to = fmt::format_to(to, ", {}", sum);
    }
    out.push_back('\n');
}

}  // namespace fio::core
