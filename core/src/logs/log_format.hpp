// The text of stock fio 3.33's per-job log files (HOWTO "Log File Formats"): file
// names and lines, byte for byte, so fio2gnuplot, fiologparser_hist.py and users'
// scripts read ours as they read stock's.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace fio::core {

enum class LogKind { bw, lat, clat, slat, iops, clat_hist };

// "P_bw.3.log" with per_job_logs (3: the thread's number in the whole run, from 1),
// "P_bw.log" without.
std::string log_file_name(std::string_view prefix, LogKind kind, std::uint32_t thread_number,
                          bool per_job);

// One line of a bw, iops or latency log.
struct LogLine {
    std::uint64_t time_ms = 0;
    std::uint64_t value = 0;
    std::uint32_t ddir = 0;     // 0 read, 1 write, 2 trim
    std::uint64_t bs = 0;
    std::uint64_t offset = 0;   // printed only with log_offset
    std::uint16_t ioprio = 0;   // ioprio_set(2) encoding
};

struct LineStyle {
    bool offset = false;     // log_offset: an offset column before the priority
    bool full_prio = false;  // log_prio: 0x%04x of the ioprio; else 1 for real-time, 0 not
};

// "time, value, ddir, bs[, offset], prio\n".
void append_log_line(fmt::memory_buffer& out, const LogLine& line, LineStyle style);

// "time, ddir, bs, count0, count1, ...\n": a histogram log line. `counts` are fio's
// 1856 latency buckets; each step of `coarseness` (0..6) sums pairs of neighbours.
void append_histogram_line(fmt::memory_buffer& out, std::uint64_t time_ms, std::uint32_t ddir,
                           std::uint64_t bs, std::span<const std::uint64_t> counts,
                           unsigned coarseness);

}  // namespace fio::core
