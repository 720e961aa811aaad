// The per-job log files of one job thread (write_bw_log, write_lat_log,
// write_iops_log, write_hist_log): what the I/O loop tells it per I/O, kept in memory,
// written out when the thread ends, as stock fio does.
//
// Per I/O this costs a store of one record (log_avg_msec=0: every log line is derived
// from it when the files are written) or a few adds (log_avg_msec: running windows).
// Memory comes in chunks reserved at sample ticks; nothing here locks or makes a
// system call while the job runs. A job without logs has no JobLogs at all.
// With log_compression the per-I/O records are deflated in memory by a helper thread
// (chunks handed over at the ticks); with log_store_compressed the files hold stock
// fio's deflated samples (P_bw.N.log.fz) instead of text.
#pragma once

#include "jobs/log_spec.hpp"
#include "logs/log_compressor.hpp"
#include "logs/log_file_writer.hpp"
#include "logs/log_format.hpp"
#include "logs/record_buffer.hpp"

#include <fio/sdk/engine.hpp>
#include <fio/sdk/histogram.hpp>

#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace fio::core {

// What the job measures (disable_slat/clat/lat/bw, gtod_reduce): as in stock fio, a
// latency log of an unmeasured latency is not created, the histogram log stays empty
// without clat, and per-I/O bw (IOPS) lines need bw (any latency) measured.
struct LoggedMeasures {
    bool slat = true;
    bool clat = true;
    bool lat = true;
    bool bw = true;
};

class JobLogs {
public:
    // `job_name` names the files of a bare write_*_log; `thread_number` (from 1, across
    // the run) numbers them. With log_compression this starts the compression helper:
    // throws PlacementError when it cannot run on log_compression_cpus.
    JobLogs(const LogSpec& spec, const std::string& job_name, std::uint32_t thread_number,
            LoggedMeasures measured = {});
    ~JobLogs();
    JobLogs(const JobLogs&) = delete;
    JobLogs& operator=(const JobLogs&) = delete;

    // Creates (or, without per_job_logs, opens for appending) every file now, so that
    // a path that cannot be written fails the job before its first I/O. Throws
    // std::runtime_error naming the file.
    void open_files();

    // Measuring starts (again, after ramp_time): times count from `now`, and anything
    // recorded before is forgotten.
    void start(std::uint64_t now);

    // An I/O was handed to the device (async engines): its submission latency.
    void on_submit(const sdk::IoUnit& unit) noexcept {
        if (!lat_enabled_) return;
        if (per_io_) {
            slat_records_.push({unit.issue_ns, unit.start_ns, unit.issue_ns, unit.offset,
                                unit.length, unit.ioprio, static_cast<std::uint8_t>(unit.direction)});
        } else {
            add_to_window(slat_windows_[dir_index(unit)], unit.issue_ns - unit.start_ns, unit.issue_ns,
                          static_cast<std::uint32_t>(unit.direction), slat_lines_);
        }
    }

    // An I/O completed at `now` with `bytes` transferred; `clat_histogram` is the job's
    // completion latency histogram of its direction, this I/O included.
    void on_complete(const sdk::IoUnit& unit, std::uint64_t bytes, std::uint64_t now,
                     const sdk::LatencyHistogram& clat_histogram) noexcept {
        const int dir = dir_index(unit);
        done_bytes_[dir] += bytes;
        ++done_ios_[dir];
        if (per_io_) {
            if (per_io_records_) {
                records_.push({now, unit.start_ns, unit.issue_ns, unit.offset,
                               static_cast<std::uint32_t>(bytes), unit.ioprio,
                               static_cast<std::uint8_t>(dir)});
            }
        } else if (lat_enabled_) {
            add_to_window(lat_windows_[dir], now - unit.start_ns, now, dir, lat_lines_);
            add_to_window(clat_windows_[dir], now - unit.issue_ns, now, dir, clat_lines_);
        }
        if (hist_enabled_ && now >= hist_due_ns_[dir]) [[unlikely]] {
            add_histogram_line(dir, bytes, now, clat_histogram);
        }
        if (now >= next_tick_ns_) [[unlikely]] tick(now);
    }

    // Adds what is left in open windows and writes every file. Returns an empty
    // string, or why a file could not be written.
    std::string finish(std::uint64_t now);

private:
    // One I/O as the per-I/O logs need it; every line of them is derived from this.
    struct IoRecord {
        std::uint64_t done_ns;    // completion (slat records: submission)
        std::uint64_t start_ns;
        std::uint64_t issue_ns;
        std::uint64_t offset;
        std::uint32_t bytes;
        std::uint16_t ioprio;
        std::uint8_t ddir;
    };

    // log_avg_msec: the samples of one direction since its window opened.
    struct Window {
        std::uint64_t count = 0;
        std::uint64_t sum = 0;
        std::uint64_t max = 0;
        std::uint64_t opened_ms = 0;   // where the window began, a multiple of avg_msec
        std::uint64_t due_ns = 0;      // when it closes
    };

    struct HistogramLine {
        std::uint64_t time_ms;
        std::uint32_t ddir;
        std::uint64_t bs;
        std::size_t first_count;       // into histogram_counts_
    };

    struct OpenFile {
        std::string path;
        std::FILE* file = nullptr;
    };

    static int dir_index(const sdk::IoUnit& unit) noexcept {
        return static_cast<int>(unit.direction) < 3 ? static_cast<int>(unit.direction) : 0;
    }

    std::uint64_t elapsed_ms(std::uint64_t now) const noexcept {
        return (now - epoch_ns_) / 1'000'000;
    }

    void add_to_window(Window& window, std::uint64_t value, std::uint64_t now, int dir,
                       std::vector<LogLine>& lines) noexcept {
        ++window.count;
        window.sum += value;
        window.max = value > window.max ? value : window.max;
        if (now >= window.due_ns) [[unlikely]] close_window(window, elapsed_ms(now), dir, lines);
    }

    void close_window(Window& window, std::uint64_t at_ms, int dir, std::vector<LogLine>& lines) noexcept;
    void add_histogram_line(int dir, std::uint64_t bytes, std::uint64_t now,
                            const sdk::LatencyHistogram& histogram) noexcept;
    // Sample tick: bw/IOPS windows (log_avg_msec), memory for the next records.
    void tick(std::uint64_t now) noexcept;
    void reset_windows() noexcept;

    std::string write_all();
    // The lines of one file of kind bw, iops, lat, clat or slat.
    void write_lines(LogKind kind, LogFileWriter& writer) const;

    LogSpec spec_;
    LoggedMeasures measured_;
    std::string job_name_;
    std::uint32_t thread_number_;
    LineStyle style_;
    bool per_io_;             // log_avg_msec=0: a line per I/O
    bool lat_enabled_;
    bool hist_enabled_;       // write_hist_log with log_hist_msec
    bool per_io_records_;     // per_io_ and some log that reads the records
    std::uint64_t epoch_ns_ = 0;
    std::uint64_t epoch_offset_ms_ = 0;   // log_unix_epoch / log_alternate_epoch
    std::uint64_t avg_ns_ = 0;

    // Per I/O.
    RecordBuffer<IoRecord> records_;
    RecordBuffer<IoRecord> slat_records_;
    std::size_t records_at_last_tick_ = 0;

    // Windows and the lines they closed.
    std::array<Window, 3> lat_windows_{}, clat_windows_{}, slat_windows_{};
    std::array<Window, 3> bw_windows_{}, iops_windows_{};
    std::vector<LogLine> lat_lines_, clat_lines_, slat_lines_, bw_lines_, iops_lines_;

    // Sample ticks: bw/IOPS rates over the period since the last one.
    std::uint64_t tick_period_ns_ = 0;
    std::uint64_t next_tick_ns_ = ~0ull;
    std::uint64_t last_tick_ns_ = 0;
    std::array<std::uint64_t, 3> done_bytes_{}, done_ios_{};
    std::array<std::uint64_t, 3> ticked_bytes_{}, ticked_ios_{};

    // Histogram log: what the cumulative histogram held at the last line, per direction.
    std::array<std::unique_ptr<sdk::LatencyHistogram>, 3> histogram_seen_;
    std::array<std::uint64_t, 3> hist_due_ns_{~0ull, ~0ull, ~0ull};
    std::array<std::uint64_t, 3> hist_opened_ms_{};
    std::vector<HistogramLine> histogram_lines_;
    std::vector<std::uint64_t> histogram_counts_;  // kHistogramBuckets per line

    std::vector<std::pair<LogKind, OpenFile>> files_;

    // log_compression. Declared after the record stores it fills: it stops first.
    std::unique_ptr<LogCompressor> compressor_;
};

}  // namespace fio::core
