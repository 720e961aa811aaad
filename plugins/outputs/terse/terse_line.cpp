#include "terse_line.hpp"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <numeric>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <fio/sdk/format.hpp>
#include <fio/sdk/histogram.hpp>
#include <fio/sdk/mixed_result.hpp>

namespace fio::outputs::terse {

namespace {

// Stock always prints 20 percentile fields (the longest percentile_list it takes), and
// "0%=0" for the slots the job's list leaves empty.
constexpr std::size_t kPercentileFields = 20;

// Appends one field, with the ';' that separates it from the previous one.
template <typename... Args>
void field(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
    out += ';';
    fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

// min;max;mean;stddev in microseconds: stock truncates the extremes to whole
// microseconds and prints mean and deviation with six decimals.
void latency_fields(std::string& out, const sdk::SampleStats& s) {
    field(out, "{}", s.min_or_zero() / 1000);
    field(out, "{}", s.max / 1000);
    field(out, "{:f}", s.mean() / 1000.0);
    field(out, "{:f}", s.stddev() / 1000.0);
}

// "P%=usec" x 20. Stock takes the total latency's histogram with lat_percentiles, else
// the completion latency's with clat_percentiles (the default), else prints no list; a
// direction without samples still lists the percents, with 0 values.
void percentile_fields(std::string& out, const sdk::DirectionResult& dir,
                       const sdk::ReportSettings& reporting) {
    const sdk::LatencyStats* series = reporting.lat_percentiles    ? &dir.lat
                                      : reporting.clat_percentiles ? &dir.clat
                                                                   : nullptr;
    std::span<const double> percents;
    std::vector<std::uint64_t> values;
    if (series != nullptr) {
        percents = reporting.percentile_list();
        if (percents.size() > kPercentileFields) percents = percents.first(kPercentileFields);
        values = series->histogram.percentiles(percents);
    }
    for (std::size_t i = 0; i < kPercentileFields; ++i) {
        if (i >= percents.size()) {
            field(out, "0%=0");
            continue;
        }
        const std::uint64_t ns = i < values.size() ? values[i] : 0;
        field(out, "{:f}%={}", percents[i], ns / 1000);  // truncated to usec, as stock
    }
}

// One direction's 41 fields; `group_bw_bytes` is its group's aggregate bandwidth.
void direction_fields(std::string& out, const sdk::DirectionResult& dir,
                      std::uint64_t group_bw_bytes, const sdk::ReportSettings& reporting) {
    const std::uint64_t runtime_ms = dir.runtime_ms();
    field(out, "{}", dir.io_bytes >> 10);
    field(out, "{}", sdk::amount_per_second(dir.io_bytes, runtime_ms) / 1024);
    field(out, "{}", sdk::amount_per_second(dir.total_ios, runtime_ms));  // whole IOPS
    field(out, "{}", runtime_ms);
    latency_fields(out, dir.slat.stats);
    latency_fields(out, dir.clat.stats);
    percentile_fields(out, dir, reporting);
    latency_fields(out, dir.lat.stats);

    const sdk::SampleStats& bw = dir.bw_samples;  // KiB/s per sampling window
    field(out, "{}", bw.min_or_zero());
    field(out, "{}", bw.max);
    field(out, "{:f}%",
          bw.count == 0 ? 0.0 : sdk::percent_of_aggregate(bw.mean(), group_bw_bytes));
    field(out, "{:f}", bw.mean());
    field(out, "{:f}", bw.stddev());
}

// The read and write blocks (trim is not part of v3), or what unified_rw_reporting
// makes of them: only "mixed" (which the core summed into the first direction), or
// read, write and then mixed.
void directions_fields(std::string& out, const sdk::JobResult& job,
                       const sdk::GroupResult* group) {
    const auto group_bw = [group](std::size_t i) {
        return group ? group->directions[i].agg_bw_bytes : 0;
    };
    if (job.reporting.unified_rw == sdk::kUnifiedMixed) {
        direction_fields(out, job.directions[0], group_bw(0), job.reporting);
        return;
    }
    for (std::size_t i = 0; i < 2; ++i)
        direction_fields(out, job.directions[i], group_bw(i), job.reporting);
    if (job.reporting.unified_rw == sdk::kUnifiedBoth) {
        const std::uint64_t mixed_bw = group ? sdk::mixed_group_direction(*group).agg_bw_bytes : 0;
        direction_fields(out, sdk::mixed_direction(job), mixed_bw, job.reporting);
    }
}

// The latency buckets with two decimals. Terse keeps no nanosecond table: stock adds the
// share of latencies under 1 us to the first microsecond bucket ("<=2"). A job without
// I/O gets 0.00% there, where stock divides by zero and prints "-nan%".
void latency_bucket_fields(std::string& out, const sdk::JobResult& job) {
    const std::uint64_t total = job.total_ios();
    const std::uint64_t under_1us =
        std::accumulate(job.latency_ns.begin(), job.latency_ns.end(), std::uint64_t{0});
    for (std::size_t i = 0; i < job.latency_us.size(); ++i) {
        double percent =
            sdk::distribution_percent(job.latency_us[i], total, sdk::kLatencyPercentFloor);
        if (i == 0 && total != 0)
            percent += static_cast<double>(under_1us) * 100.0 / static_cast<double>(total);
        field(out, "{:.2f}%", percent);
    }
    for (std::uint64_t count : job.latency_ms) {
        field(out, "{:.2f}%",
              sdk::distribution_percent(count, total, sdk::kLatencyPercentFloor));
    }
}

// Every disk of the run goes on every job's line, as stock does locally.
void disk_fields(std::string& out, const sdk::DiskUtil& disk) {
    field(out, "{}", disk.name);
    field(out, "{}", disk.read_ios);
    field(out, "{}", disk.write_ios);
    field(out, "{}", disk.read_merges);
    field(out, "{}", disk.write_merges);
    field(out, "{}", disk.read_ticks_ms);
    field(out, "{}", disk.write_ticks_ms);
    field(out, "{}", disk.in_queue_ms);
    field(out, "{:.2f}%", disk.util_percent);
    if (const sdk::DiskSlaveAggregate& s = disk.slaves; s.count != 0) {
        field(out, "{}", "slaves");
        for (const std::uint64_t value : {s.read_ios, s.write_ios, s.read_merges, s.write_merges,
                                          s.read_ticks_ms, s.write_ticks_ms, s.in_queue_ms}) {
            field(out, "{}", value);
        }
        field(out, "{:.2f}%", s.max_util_percent);
    }
}

}  // namespace

std::string terse_line(const sdk::JobResult& job, const sdk::GroupResult* group,
                       std::span<const sdk::DiskUtil> disks, std::string_view fio_version) {
    std::string out = fmt::format("{}", kTerseVersion);
    field(out, "{}", fio_version);
    field(out, "{}", job.name);
    field(out, "{}", job.groupid);
    field(out, "{}", job.error);
    directions_fields(out, job, group);

    field(out, "{:f}%", sdk::cpu_percent(job.usr_cpu_ns, job));
    field(out, "{:f}%", sdk::cpu_percent(job.sys_cpu_ns, job));
    field(out, "{}", job.ctx);
    field(out, "{}", job.majf);
    field(out, "{}", job.minf);

    const std::uint64_t total = job.total_ios();
    for (std::uint64_t count : job.depth_levels)
        field(out, "{:.1f}%", sdk::distribution_percent(count, total, sdk::kDepthPercentFloor));
    latency_bucket_fields(out, job);

    for (const auto& disk : disks) disk_fields(out, disk);
    if (job.error_counts) {
        field(out, "{}", job.total_err);
        field(out, "{}", job.first_error);
    }
    // Printed as given, like stock: a ';' in it makes more fields.
    if (!job.description.empty()) field(out, "{}", job.description);
    out += '\n';
    return out;
}

}  // namespace fio::outputs::terse
