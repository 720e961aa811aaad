#include "logs/job_logs.hpp"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <mutex>
#include <stdexcept>

namespace fio::core {
namespace {

// How often a job with per-I/O logs reserves memory for the records to come.
constexpr std::uint64_t kReserveTickNs = 100'000'000;
// fio's default bwavgtime / iopsavgtime: bw/IOPS are sampled at least this often.
constexpr std::uint64_t kRateSampleMs = 500;
// Rate samples close their window this close to its end, as stock fio's do.
constexpr std::uint64_t kRateWindowSlackMs = 1;

// Jobs without per_job_logs append to one shared file: one writer at a time.
std::mutex shared_file_mutex;

std::uint64_t clock_ms(int clock_id) {
    timespec ts{};
    ::clock_gettime(static_cast<clockid_t>(clock_id), &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1000 +
           static_cast<std::uint64_t>(ts.tv_nsec) / 1'000'000;
}

}  // namespace

JobLogs::JobLogs(const LogSpec& spec, const std::string& job_name, std::uint32_t thread_number,
                 LoggedMeasures measured)
    : spec_(spec),
      measured_(measured),
      job_name_(job_name),
      thread_number_(thread_number),
      style_{spec.offset, spec.prio},
      per_io_(spec.avg_msec == 0),
      lat_enabled_(spec.lat.enabled),
      hist_enabled_(spec.hist.enabled && spec.hist_msec > 0 && measured.clat),
      per_io_records_(spec.avg_msec == 0 &&
                      (spec.lat.enabled || spec.bw.enabled || spec.iops.enabled)),
      avg_ns_(spec.avg_msec * 1'000'000),
      records_(spec.entries),
      slat_records_(spec.entries) {
    tick_period_ns_ = per_io_ ? kReserveTickNs
                              : std::min(spec.avg_msec, kRateSampleMs) * 1'000'000;
    if (spec.compression_bytes != 0 && per_io_ && (per_io_records_ || lat_enabled_)) {
        compressor_ = std::make_unique<LogCompressor>(spec.compression_cpus);
        const std::size_t chunk = spec.compression_bytes / sizeof(IoRecord);
        records_.compress_with(compressor_.get(), chunk);
        slat_records_.compress_with(compressor_.get(), chunk);
    }
    if (per_io_records_) records_.reserve_ahead(spec.entries);
    if (per_io_ && lat_enabled_) slat_records_.reserve_ahead(spec.entries);
}

JobLogs::~JobLogs() {
    for (auto& [kind, file] : files_) {
        if (file.file) std::fclose(file.file);
    }
}

void JobLogs::open_files() {
    const auto open = [&](const LogRequest& request, LogKind kind) {
        if (!request.enabled) return;
        OpenFile file;
        file.path = log_file_name(request.prefix.empty() ? job_name_ : request.prefix, kind,
                                  thread_number_, spec_.per_job);
        if (spec_.store_compressed && kind != LogKind::clat_hist) file.path += ".fz";
        file.file = std::fopen(file.path.c_str(), spec_.per_job ? "w" : "a");
        if (file.file == nullptr) {
            throw std::runtime_error(fmt::format("cannot create log file {}: {}", file.path,
                                                 std::strerror(errno)));
        }
        files_.emplace_back(kind, std::move(file));
    };
    open(spec_.bw, LogKind::bw);
    if (measured_.lat) open(spec_.lat, LogKind::lat);
    if (measured_.clat) open(spec_.lat, LogKind::clat);
    if (measured_.slat) open(spec_.lat, LogKind::slat);
    open(spec_.iops, LogKind::iops);
    open(spec_.hist, LogKind::clat_hist);
}

void JobLogs::start(std::uint64_t now) {
    if (compressor_) compressor_->wait_idle();  // it may still fill what is cleared below
    epoch_ns_ = now;
    epoch_offset_ms_ =
        spec_.unix_epoch || spec_.alternate_epoch ? clock_ms(spec_.epoch_clock_id) : 0;
    records_.clear();
    slat_records_.clear();
    records_at_last_tick_ = 0;
    for (auto* lines : {&lat_lines_, &clat_lines_, &slat_lines_, &bw_lines_, &iops_lines_}) {
        lines->clear();
    }
    reset_windows();
    done_bytes_ = {};
    done_ios_ = {};
    ticked_bytes_ = {};
    ticked_ios_ = {};
    last_tick_ns_ = now;
    next_tick_ns_ = now + tick_period_ns_;
    histogram_lines_.clear();
    histogram_counts_.clear();
    for (int dir = 0; dir < 3; ++dir) {
        // The job's histograms restart with measuring: nothing has been logged of them.
        if (hist_enabled_) {
            histogram_seen_[dir] = std::make_unique<sdk::LatencyHistogram>();
            hist_due_ns_[dir] = now + spec_.hist_msec * 1'000'000;
        }
        hist_opened_ms_[dir] = 0;
    }
}

void JobLogs::reset_windows() noexcept {
    for (auto* windows : {&lat_windows_, &clat_windows_, &slat_windows_, &bw_windows_, &iops_windows_}) {
        for (Window& window : *windows) {
            window = Window{};
            window.due_ns = epoch_ns_ + avg_ns_;
        }
    }
}

void JobLogs::close_window(Window& window, std::uint64_t at_ms, int dir,
                           std::vector<LogLine>& lines) noexcept {
    if (window.count > 0) {
        // The mean rounded half up, as stock fio rounds it.
        const std::uint64_t value = spec_.max_value
                                        ? window.max
                                        : (2 * window.sum + window.count) / (2 * window.count);
        lines.push_back({at_ms + epoch_offset_ms_, value, static_cast<std::uint32_t>(dir), 0, 0, 0});
    }
    window.count = 0;
    window.sum = 0;
    window.max = 0;
    window.opened_ms = at_ms - at_ms % spec_.avg_msec;
    window.due_ns = epoch_ns_ + (window.opened_ms + spec_.avg_msec) * 1'000'000;
}

void JobLogs::add_histogram_line(int dir, std::uint64_t bytes, std::uint64_t now,
                                 const sdk::LatencyHistogram& histogram) noexcept {
    sdk::LatencyHistogram& seen = *histogram_seen_[dir];
    histogram_lines_.push_back({elapsed_ms(now) + epoch_offset_ms_, static_cast<std::uint32_t>(dir),
                                bytes, histogram_counts_.size()});
    for (unsigned i = 0; i < sdk::kHistogramBuckets; ++i) {
        histogram_counts_.push_back(histogram.counts[i] - seen.counts[i]);
    }
    seen = histogram;
    hist_opened_ms_[dir] += spec_.hist_msec;
    hist_due_ns_[dir] = epoch_ns_ + (hist_opened_ms_[dir] + spec_.hist_msec) * 1'000'000;
}

void JobLogs::tick(std::uint64_t now) noexcept {
    next_tick_ns_ = now + tick_period_ns_;
    if (per_io_) {
        // Room for at least twice what the last period logged, before it is needed.
        const std::size_t logged = records_.size();
        const std::size_t recent = logged - records_at_last_tick_;
        records_at_last_tick_ = logged;
        try {
            if (per_io_records_) records_.reserve_ahead(2 * recent);
            if (lat_enabled_) slat_records_.reserve_ahead(2 * recent);
            records_.compress_full_chunks();
            slat_records_.compress_full_chunks();
        } catch (const std::bad_alloc&) {
            // push() will try again when the memory is really needed, and the chunks
            // not handed to the compressor go at the next tick.
        }
        return;
    }
    // bw and IOPS over the period since the last tick, into their log windows.
    const std::uint64_t spent_ms = (now - last_tick_ns_) / 1'000'000;
    const std::uint64_t at_ms = elapsed_ms(now);
    last_tick_ns_ = now;
    for (int dir = 0; dir < 3; ++dir) {
        const std::uint64_t bytes = done_bytes_[dir] - ticked_bytes_[dir];
        const std::uint64_t ios = done_ios_[dir] - ticked_ios_[dir];
        ticked_bytes_[dir] = done_bytes_[dir];
        ticked_ios_[dir] = done_ios_[dir];
        if (ios == 0) continue;  // no line for a direction without I/O
        const auto add = [&](Window& window, std::uint64_t rate, std::vector<LogLine>& lines) {
            ++window.count;
            window.sum += rate;
            window.max = rate > window.max ? rate : window.max;
            if (at_ms + kRateWindowSlackMs >= window.opened_ms + spec_.avg_msec) {
                close_window(window, at_ms, dir, lines);
            }
        };
        if (spec_.bw.enabled) {
            add(bw_windows_[dir], spent_ms ? bytes * 1000 / spent_ms / 1024 : 0, bw_lines_);
        }
        if (spec_.iops.enabled) add(iops_windows_[dir], spent_ms ? ios * 1000 / spent_ms : 0, iops_lines_);
    }
}

std::string JobLogs::finish(std::uint64_t now) {
    if (!per_io_) {
        const std::uint64_t at_ms = elapsed_ms(now);
        for (int dir = 0; dir < 3; ++dir) {
            close_window(lat_windows_[dir], at_ms, dir, lat_lines_);
            close_window(clat_windows_[dir], at_ms, dir, clat_lines_);
            close_window(slat_windows_[dir], at_ms, dir, slat_lines_);
            close_window(bw_windows_[dir], at_ms, dir, bw_lines_);
            close_window(iops_windows_[dir], at_ms, dir, iops_lines_);
        }
    }
    return write_all();
}

void JobLogs::write_lines(LogKind kind, LogFileWriter& writer) const {
    if (!per_io_) {
        const std::vector<LogLine>& lines = kind == LogKind::lat    ? lat_lines_
                                            : kind == LogKind::clat ? clat_lines_
                                            : kind == LogKind::slat ? slat_lines_
                                            : kind == LogKind::bw   ? bw_lines_
                                                                    : iops_lines_;
        for (const LogLine& line : lines) writer.add(line);
        return;
    }
    const auto add = [&](const IoRecord& r, std::uint64_t value) {
        writer.add({(r.done_ns - epoch_ns_) / 1'000'000 + epoch_offset_ms_, value, r.ddir,
                    r.bytes, r.offset, r.ioprio});
    };
    if (kind == LogKind::slat) {
        slat_records_.for_each([&](const IoRecord& r) { add(r, r.issue_ns - r.start_ns); });
        return;
    }
    // Stock fio logs per-I/O rates only while it times I/Os (bw: unless disable_bw); the
    // file is then created and left empty.
    const bool timed = measured_.slat || measured_.clat || measured_.lat;
    if (!timed || (kind == LogKind::bw && !measured_.bw)) return;
    records_.for_each([&](const IoRecord& r) {
        const std::uint64_t clat = r.done_ns - r.issue_ns;
        switch (kind) {
            case LogKind::lat: add(r, r.done_ns - r.start_ns); break;
            case LogKind::clat: add(r, clat); break;
            // bytes per ns, scaled as stock fio scales its per-I/O rate
            case LogKind::bw: add(r, clat ? std::uint64_t{r.bytes} * 1'000'000 / clat : 0); break;
            default: add(r, 1); break;
        }
    });
}

std::string JobLogs::write_all() {
    if (compressor_) compressor_->wait_idle();
    std::unique_lock<std::mutex> shared;
    if (!spec_.per_job) shared = std::unique_lock(shared_file_mutex);
    std::string failure;
    for (auto& [kind, file] : files_) {
        const bool histogram = kind == LogKind::clat_hist;
        LogFileWriter writer(file.file, style_, spec_.store_compressed && !histogram);
        bool ok = true;
        try {
            if (histogram) {
                for (const HistogramLine& line : histogram_lines_) {
                    append_histogram_line(
                        writer.text(), line.time_ms, line.ddir, line.bs,
                        std::span(histogram_counts_).subspan(line.first_count, sdk::kHistogramBuckets),
                        spec_.hist_coarseness);
                    writer.written();
                }
            } else {
                write_lines(kind, writer);
            }
            ok = writer.finish();
        } catch (const std::exception& e) {
            ok = false;
            if (failure.empty()) failure = fmt::format("cannot write log file {}: {}", file.path, e.what());
        }
        if (std::fclose(file.file) != 0) ok = false;
        file.file = nullptr;
        if (!ok && failure.empty()) {
            failure = fmt::format("cannot write log file {}: {}", file.path, std::strerror(errno));
        }
    }
    return failure;
}

}  // namespace fio::core
