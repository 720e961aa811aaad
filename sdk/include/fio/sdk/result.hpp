// The result model: plain structs produced by the runner and read by every output
// sink and by the wire codec. Merging (thread -> job -> group -> all hosts) is exact:
// counts and sums add, extremes take min/max, histograms add bucket by bucket.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "fio/sdk/histogram.hpp"
#include "fio/sdk/series.hpp"

namespace fio::sdk {

// Count, sum, sum of squares, min and max of integer samples. Kept as exact integers
// (no division on the hot path, and merging loses nothing); mean and sample standard
// deviation are derived on demand.
struct SampleStats {
    std::uint64_t count = 0;
    std::uint64_t min = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t max = 0;
    std::uint64_t sum = 0;
    unsigned __int128 sum_squares = 0;

    void add(std::uint64_t v) noexcept {
        ++count;
        sum += v;
        sum_squares += static_cast<unsigned __int128>(v) * v;
        min = v < min ? v : min;
        max = v > max ? v : max;
    }

    void merge(const SampleStats& o) noexcept {
        count += o.count;
        sum += o.sum;
        sum_squares += o.sum_squares;
        min = std::min(min, o.min);
        max = std::max(max, o.max);
    }

    std::uint64_t min_or_zero() const noexcept { return count ? min : 0; }
    double mean() const noexcept {
        return count ? static_cast<double>(sum) / static_cast<double>(count) : 0.0;
    }
    // Sample standard deviation (n - 1 in the denominator), as fio reports it.
    double stddev() const noexcept {
        if (count < 2) return 0.0;
        const long double n = static_cast<long double>(count);
        const long double s = static_cast<long double>(sum);
        const long double variance =
            (static_cast<long double>(sum_squares) - s * s / n) / (n - 1.0L);
        return variance > 0 ? static_cast<double>(std::sqrt(variance)) : 0.0;
    }
};

// A latency series in nanoseconds: moments plus the full histogram.
struct LatencyStats {
    SampleStats stats;
    LatencyHistogram histogram;

    void add(std::uint64_t ns) noexcept {
        stats.add(ns);
        histogram.add(ns);
    }
    void merge(const LatencyStats& o) noexcept {
        stats.merge(o.stats);
        histogram.merge(o.histogram);
    }
};

// The latencies of the I/Os of one priority, as stock fio keeps them when a job's I/Os
// carry more than one (cmdprio_percentage, cmdprio_bssplit): the completion latency,
// or the total latency when the job asked for lat_percentiles.
struct PriorityLatency {
    std::uint16_t ioprio = 0;  // ioprio_set(2)'s encoding: class << 13 | level
    LatencyStats latency;

    std::uint16_t io_class() const noexcept { return static_cast<std::uint16_t>(ioprio >> 13); }
    std::uint16_t level() const noexcept { return static_cast<std::uint16_t>(ioprio & 0x1fff); }
};
using PriorityLatencies = std::vector<PriorityLatency>;

// Adds `from` into `into` priority by priority (exact: the histograms add); a priority
// `into` lacks is appended, so the order is that of first appearance, as stock merges.
inline void merge_priority_latencies(PriorityLatencies& into, const PriorityLatencies& from) {
    for (const PriorityLatency& p : from) {
        auto same = std::find_if(into.begin(), into.end(),
                                 [&](const PriorityLatency& q) { return q.ioprio == p.ioprio; });
        if (same == into.end()) {
            into.push_back(p);
        } else {
            same->latency.merge(p.latency);
        }
    }
}

// How many of `prios` have samples: stock reports them only when at least two have.
inline std::size_t priorities_with_samples(const PriorityLatencies& prios) noexcept {
    return static_cast<std::size_t>(std::count_if(
        prios.begin(), prios.end(), [](const PriorityLatency& p) { return p.latency.stats.count; }));
}

// A runtime as fio reports and divides by: whole microseconds rounded up to whole
// milliseconds (so a sub-millisecond run counts as 1 ms).
constexpr std::uint64_t runtime_ms_from_ns(std::uint64_t ns) noexcept {
    return (ns / 1000 + 999) / 1000;
}

// One data direction (read, write or trim) of one job.
struct DirectionResult {
    std::uint64_t io_bytes = 0;
    std::uint64_t total_ios = 0;
    std::uint64_t short_ios = 0;
    std::uint64_t drop_ios = 0;
    std::uint64_t runtime_ns = 0;  // time this direction was active
    LatencyStats slat;             // submission latency (async engines only)
    LatencyStats clat;             // completion latency: issue -> completion
    LatencyStats lat;              // total latency: start -> completion
    SampleStats bw_samples;        // KiB/s per sampling window
    SampleStats iops_samples;      // IOPS per sampling window

    std::uint64_t runtime_ms() const noexcept { return runtime_ms_from_ns(runtime_ns); }

    void merge(const DirectionResult& o) noexcept {
        io_bytes += o.io_bytes;
        total_ios += o.total_ios;
        short_ios += o.short_ios;
        drop_ios += o.drop_ios;
        runtime_ns = std::max(runtime_ns, o.runtime_ns);
        slat.merge(o.slat);
        clat.merge(o.clat);
        lat.merge(o.lat);
        bw_samples.merge(o.bw_samples);
        iops_samples.merge(o.iops_samples);
    }
};

// Bucket bounds of fio's "lat (nsec/usec/msec)" distribution of completion latency. A
// latency is counted in the first bucket whose bound exceeds it, in the unit of its
// table (values < 1 us in ns, < 1 ms in us, else ms); the ms table's 12th slot is
// ">=2000".
inline constexpr std::array<std::uint32_t, 10> kLatencyBucketBoundsNs = {
    2, 4, 10, 20, 50, 100, 250, 500, 750, 1000};
inline constexpr std::array<std::uint32_t, 10> kLatencyBucketBoundsUs = {
    2, 4, 10, 20, 50, 100, 250, 500, 750, 1000};
inline constexpr std::array<std::uint32_t, 11> kLatencyBucketBoundsMs = {
    2, 4, 10, 20, 50, 100, 250, 500, 750, 1000, 2000};

// How a job asked for its latencies to be reported (slat/clat/lat_percentiles,
// percentile_list, significant_figures). Merged results keep the first job's.
struct ReportSettings {
    bool slat_percentiles = false;
    bool clat_percentiles = true;
    bool lat_percentiles = false;
    std::vector<double> percentiles;      // ascending; empty: kDefaultPercentiles
    std::uint32_t significant_figures = 4;  // of IOPS, rates and sizes in the text report
    // unified_rw_reporting (fio/sdk/mixed_result.hpp's UnifiedRw). It sits in what was
    // tail padding: ReportSettings, and so JobResult, kept their size and layout.
    std::uint8_t unified_rw = 0;
    // unit_base: 1 shows the text report's rates in bits; 0 (automatic) and 8 in bytes.
    // Also in the former tail padding.
    std::uint8_t unit_base = 0;

    std::span<const double> percentile_list() const noexcept {
        if (percentiles.empty()) return kDefaultPercentiles;
        return percentiles;
    }
};

// latency_target's queue-depth search: its settings and the depth it ended at
// (fio's latency_target, latency_window, latency_percentile, latency_depth).
struct LatencyTargetResult {
    std::uint64_t target_ns = 0;    // 0: the job had no target
    std::uint64_t window_ns = 0;
    double percentile = 100.0;
    std::uint32_t depth = 0;        // 0: not set; the job's iodepth stands for it
};

// A job's steady-state detection (steadystate=, steadystate_duration=): fio's
// "steadystate" report. Samples are per second over the rolling window, oldest first;
// slots not measured yet are 0 and still count in the means, as in fio.
struct SteadyStateResult {
    bool enabled = false;           // a window was set (steadystate_duration > 0)
    bool bandwidth = false;         // bw / bw_slope; else iops / iops_slope
    bool slope = false;             // the criterion is the least-squares slope
    bool percent = false;           // the limit is a percentage of the mean
    double limit = 0;
    std::uint32_t duration_s = 0;
    bool attained = false;
    float criterion = 0;            // what was compared with the limit (fio keeps a float)
    double max_deviation = 0;       // largest distance from the mean (deviation criteria)
    double slope_value = 0;         // per second (slope criteria)
    std::vector<std::uint64_t> iops;  // I/Os per second
    std::vector<std::uint64_t> bw;    // bytes per second
    std::uint64_t samples_taken = 0;  // merged results keep the one that saw the most

    // "iops", "iops_slope", "bw" or "bw_slope".
    const char* criterion_name() const noexcept {
        if (bandwidth) return slope ? "bw_slope" : "bw";
        return slope ? "iops_slope" : "iops";
    }
    static std::uint64_t mean_of(const std::vector<std::uint64_t>& values) noexcept {
        if (values.empty()) return 0;
        unsigned __int128 sum = 0;
        for (auto v : values) sum += v;
        return static_cast<std::uint64_t>(sum / values.size());
    }
    std::uint64_t iops_mean() const noexcept { return mean_of(iops); }
    std::uint64_t bw_mean() const noexcept { return mean_of(bw); }
};

// I/O depth distributions: "1,2,4,8,16,32,>=64" for levels and
// "0,4,8,16,32,64,>=64" for submit/complete batches.
inline constexpr int kDepthSlots = 7;

struct JobResult {
    std::string name;
    std::string description;
    std::uint32_t groupid = 0;
    std::uint32_t threads = 1;      // how many job threads were merged into this result
    std::int32_t error = 0;         // first errno seen, 0 when none
    std::string error_text;         // what failed, empty when none
    std::int64_t thread_id = 0;     // tid of the (first) job thread
    std::int64_t end_time_epoch_s = 0;
    std::uint64_t elapsed_s = 0;     // wall time since the run started, seconds
    std::uint64_t job_runtime_ns = 0;  // summed over merged threads, as fio does
    std::array<DirectionResult, 3> directions;  // indexed by IoDirection
    std::uint64_t sync_total_ios = 0;
    LatencyStats sync_lat;
    double usr_cpu_ns = 0;          // CPU time in user mode
    double sys_cpu_ns = 0;          // CPU time in kernel mode
    std::uint64_t ctx = 0;          // context switches
    std::uint64_t majf = 0;
    std::uint64_t minf = 0;
    std::array<std::uint64_t, kDepthSlots> depth_levels{};
    std::array<std::uint64_t, kDepthSlots> depth_submit{};
    std::array<std::uint64_t, kDepthSlots> depth_complete{};
    std::uint64_t depth_submit_events = 0;
    std::uint64_t depth_complete_events = 0;
    std::array<std::uint64_t, 10> latency_ns{};
    std::array<std::uint64_t, 10> latency_us{};
    std::array<std::uint64_t, 12> latency_ms{};
    std::uint32_t iodepth = 1;
    std::vector<std::pair<std::string, std::string>> options;  // as the user gave them
    ReportSettings reporting;
    // continue_on_error / ignore_error: errors counted while the job carried on.
    std::uint64_t total_err = 0;    // every I/O error, tolerated or not
    std::int32_t first_error = 0;   // errno of the first of them
    bool error_counts = false;      // the job tolerates errors: report total_err/first_error
    bool error_tolerated = false;   // `error` is the first tolerated error, not a failure
    SteadyStateResult steadystate;
    std::uint64_t zone_resets = 0;  // zonemode=zbd: zones the job reset before writing
    LatencyTargetResult latency_target;
    // --- appended in ABI 1.2: sinks built against 1.1 read the members above at the
    // same offsets and never see these. ---
    // Per direction, the latencies of each priority the job's I/Os carried; empty
    // unless the job had more than one priority in play (cmdprio_*).
    std::array<PriorityLatencies, 3> priority_latency;
    // --- appended in ABI 1.3: host labels of a client run (fio --client). ---
    // "" in a local run; "HOST:PORT" (or the socket path) of the server that ran it.
    std::string client_host;
    bool all_clients = false;  // the "All clients" aggregate of a client run
    // --- appended in ABI 1.5: per direction, the job's rates (and latency percentiles,
    // when it logs latencies) over time, for outputs that plot (fio/sdk/series.hpp). ---
    std::array<DirectionSeries, 3> series;

    // fio's latency_depth: the depth the latency_target search ended at, else iodepth.
    std::uint32_t latency_depth() const noexcept {
        return latency_target.depth ? latency_target.depth : iodepth;
    }

    std::uint64_t total_ios() const noexcept {
        std::uint64_t n = 0;
        for (const auto& d : directions) n += d.total_ios;
        return n;
    }

    // Adds another thread's result (used for group_reporting and client aggregation).
    // The host labels (client_host, all_clients) stay this result's: whoever merges
    // results of several hosts says what the aggregate is.
    void merge(const JobResult& o) {
        threads += o.threads;
        // A failure outranks an error that was carried on after.
        if (o.error != 0 && (error == 0 || (error_tolerated && !o.error_tolerated))) {
            error = o.error;
            error_text = o.error_text;
            error_tolerated = o.error_tolerated;
        }
        total_err += o.total_err;
        if (first_error == 0) first_error = o.first_error;
        error_counts = error_counts || o.error_counts;
        elapsed_s = std::max(elapsed_s, o.elapsed_s);
        job_runtime_ns += o.job_runtime_ns;
        for (std::size_t i = 0; i < directions.size(); ++i) directions[i].merge(o.directions[i]);
        sync_total_ios += o.sync_total_ios;
        sync_lat.merge(o.sync_lat);
        usr_cpu_ns += o.usr_cpu_ns;
        sys_cpu_ns += o.sys_cpu_ns;
        ctx += o.ctx;
        majf += o.majf;
        minf += o.minf;
        for (int i = 0; i < kDepthSlots; ++i) {
            depth_levels[i] += o.depth_levels[i];
            depth_submit[i] += o.depth_submit[i];
            depth_complete[i] += o.depth_complete[i];
        }
        depth_submit_events += o.depth_submit_events;
        depth_complete_events += o.depth_complete_events;
        for (std::size_t i = 0; i < latency_ns.size(); ++i) latency_ns[i] += o.latency_ns[i];
        for (std::size_t i = 0; i < latency_us.size(); ++i) latency_us[i] += o.latency_us[i];
        for (std::size_t i = 0; i < latency_ms.size(); ++i) latency_ms[i] += o.latency_ms[i];
        // Threads of a group share one detector: keep the latest picture of it.
        if (o.steadystate.samples_taken > steadystate.samples_taken) steadystate = o.steadystate;
        zone_resets += o.zone_resets;
        for (std::size_t i = 0; i < priority_latency.size(); ++i) {
            merge_priority_latencies(priority_latency[i], o.priority_latency[i]);
        }
        for (std::size_t i = 0; i < series.size(); ++i) series[i].merge(o.series[i]);
    }
};

// Totals of one reporting group, per direction ("Run status group N").
struct GroupDirection {
    std::uint64_t io_bytes = 0;
    std::uint64_t agg_bw_bytes = 0;   // io_bytes / longest runtime, B/s
    std::uint64_t min_bw_bytes = 0;   // slowest job, B/s
    std::uint64_t max_bw_bytes = 0;   // fastest job, B/s
    std::uint64_t min_runtime_ms = 0;
    std::uint64_t max_runtime_ms = 0;
};

struct GroupResult {
    std::uint32_t groupid = 0;
    // The group's unified_rw_reporting (UnifiedRw), in what was padding (layout kept).
    std::uint8_t unified_rw = 0;
    std::uint8_t unit_base = 0;  // the group's first job's unit_base (ReportSettings)
    std::array<GroupDirection, 3> directions;
    std::uint32_t kb_base = 1024;
    std::uint32_t significant_figures = 4;  // the group's last job's, as fio prints it
    // --- appended in ABI 1.3: host labels of a client run (fio --client). ---
    // "" in a local run; "HOST:PORT" (or the socket path) of the server that ran it.
    std::string client_host;
    bool all_clients = false;  // the "All clients" aggregate of a client run
};

// The group with this id among `groups`, or nullptr: sinks that print a job together
// with its group's totals (per=, bw_agg) look it up with this.
inline const GroupResult* find_group(const std::vector<GroupResult>& groups,
                                     std::uint32_t groupid) noexcept {
    for (const auto& group : groups) {
        if (group.groupid == groupid) return &group;
    }
    return nullptr;
}

// What a job will do, known before it starts (fio's "name: (g=0): rw=..." line).
struct JobDescription {
    std::string name;
    std::uint32_t groupid = 0;
    std::uint32_t clones = 1;  // numjobs
    std::string rw;
    std::array<std::uint64_t, 3> bs_min{};
    std::array<std::uint64_t, 3> bs_max{};
    std::string ioengine;
    std::uint32_t iodepth = 1;
    // --- appended in ABI 1.3: host labels of a client run (fio --client). ---
    // "" in a local run; "HOST:PORT" (or the socket path) of the server that ran it.
    std::string client_host;
    bool all_clients = false;  // the "All clients" aggregate of a client run
    // --- appended in ABI 1.3 ---
    bool as_threads = false;  // thread= was set: stock's banner counts threads, not processes
};

struct RunInfo {
    std::string fio_version;         // "fio-3.33"
    std::int64_t start_epoch_ms = 0;
    std::vector<JobDescription> jobs;
    std::uint32_t total_threads = 0;
    std::vector<std::pair<std::string, std::string>> global_options;
    // --- appended in ABI 1.3 ---
    bool client_run = false;  // the run was driven on servers (fio --client)
};

// A live progress sample, sent about once a second while jobs run.
struct StatusUpdate {
    std::uint32_t jobs_running = 0;
    std::uint32_t files_open = 0;
    std::string job_states;            // one char a thread: r, w, R, W, _ (pending), E (done)...
    double percent_done = 0;           // 0..100
    std::array<std::uint64_t, 3> bw_bytes{};  // per direction, B/s over the last interval
    std::array<std::uint64_t, 3> iops{};
    std::int64_t eta_s = -1;           // -1 when unknown
    std::uint64_t elapsed_ms = 0;
};

// What stock fio reports for the slaves of a dm or md device, on the device's own
// entry: the slaves' counters averaged over them (integer division) and the highest
// slave utilisation (the busiest component bounds the whole).
struct DiskSlaveAggregate {
    std::uint32_t count = 0;  // 0: the device has no slaves, and there is no aggregate
    std::uint64_t read_ios = 0, write_ios = 0;
    std::uint64_t read_merges = 0, write_merges = 0;
    std::uint64_t read_ticks_ms = 0, write_ticks_ms = 0;
    std::uint64_t in_queue_ms = 0;
    double max_util_percent = 0;
};

// Utilisation of one block device during the run (from /sys/block/*/stat).
struct DiskUtil {
    std::string name;
    std::uint64_t read_ios = 0, write_ios = 0;
    std::uint64_t read_merges = 0, write_merges = 0;
    std::uint64_t read_ticks_ms = 0, write_ticks_ms = 0;
    std::uint64_t in_queue_ms = 0;
    double util_percent = 0;
    // --- appended in ABI 1.3 ---
    DiskSlaveAggregate slaves;  // dm/md devices: their slaves (which have entries too)
};

// --idle-prof: how idle the CPUs stayed while the jobs ran, measured by stock's method
// (an idle-priority thread on each CPU counting units of calibrated work).
struct CpuIdleness {
    bool measured = false;          // --idle-prof=system or percpu was given
    bool per_cpu = false;           // percpu: report each CPU too
    double system_percent = 0;      // the CPUs' mean idleness
    std::vector<double> cpu_percent;  // per CPU, in CPU order
    double unit_mean_us = 0;        // calibration: one unit of work, mean over the CPUs
    double unit_stddev_us = 0;      // and its standard deviation
};

// What a report is. The run's final report is cumulative; the interim ones of
// --status-interval (and SIGUSR1) are the numbers so far (cumulative), or with
// --status-interval-mode=delta each one's own since the previous report (delta).
enum class ReportKind : std::uint8_t { final_report, interim_cumulative, interim_delta };

struct RunSummary {
    int exit_code = 0;
    std::int64_t end_epoch_ms = 0;
    // --- appended in ABI 1.4 ---
    CpuIdleness idleness;
    // --- appended in ABI 1.5 ---
    ReportKind kind = ReportKind::final_report;
};

}  // namespace fio::sdk
