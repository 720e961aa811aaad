#include "job_report.hpp"

#include <array>
#include <cstring>
#include <span>
#include <string_view>

#include <fmt/format.h>

#include <fio/sdk/format.hpp>
#include <fio/sdk/histogram.hpp>
#include <fio/sdk/mixed_result.hpp>

#include "client_hosts.hpp"
#include "latency_text.hpp"

namespace fio::outputs::normal {

namespace {

constexpr std::array<std::string_view, 3> kDirectionNames = {"read", "write", "trim"};

std::string header_line(const sdk::JobResult& job) {
    const std::string when = sdk::ctime_string(job.end_time_epoch_s);
    // In a client run a host's job is headed by its server ("<HOST:PORT> name: ...").
    const std::string name = host_prefix(job.client_host) + job.name;
    if (job.error == 0) {
        return fmt::format("{}: (groupid={}, jobs={}): err={:2d}: pid={}: {}\n", name,
                           job.groupid, job.threads, job.error, job.thread_id, when);
    }
    return fmt::format("{}: (groupid={}, jobs={}): err={:2d} ({}): pid={}: {}\n", name,
                       job.groupid, job.threads, job.error, job.error_text, job.thread_id, when);
}

// "   bw (  KiB/s): min=..., per=..%, ..." from the per-window bandwidth samples (KiB/s).
std::string bandwidth_samples_line(const sdk::SampleStats& bw, std::uint64_t group_bw_bytes,
                                   std::uint32_t kb_base) {
    std::uint64_t min = bw.min;
    std::uint64_t max = bw.max;
    double mean = bw.mean();
    double stddev = bw.stddev();
    const double per = sdk::percent_of_aggregate(mean, group_bw_bytes);
    std::string_view unit = sdk::is_binary_base(kb_base) ? "KiB" : "kB";
    // Past a "KiB/s" squared fio switches to MiB, whatever the base (stock behaviour).
    const double base = kb_base;
    if (mean > base * base) {
        min /= kb_base;
        max /= kb_base;
        mean /= base;
        stddev /= base;
        unit = "MiB";
    }
    return fmt::format(
        "   bw ({:>5}/s): min={:5d}, max={:5d}, per={:3.2f}%, avg={:5.2f}, stdev={:5.2f}, "
        "samples={}\n",
        unit, min, max, per, mean, stddev, bw.count);
}

std::string iops_samples_line(const sdk::SampleStats& iops) {
    return fmt::format("   iops        : min={:5d}, max={:5d}, avg={:5.2f}, stdev={:5.2f}, "
                       "samples={}\n",
                       iops.min, iops.max, iops.mean(), iops.stddev(), iops.count);
}

// The percentile tables the job asked for, slat, clat then lat, as fio orders them.
std::string percentile_tables(const sdk::DirectionResult& dir,
                              const sdk::ReportSettings& reporting) {
    const std::span<const double> percents = reporting.percentile_list();
    const int precision = percentile_precision(percents);
    std::string out;
    const auto table = [&](bool asked, std::string_view label, const sdk::LatencyStats& lat) {
        if (asked && lat.stats.count != 0)
            out += percentile_table(label, lat.histogram, percents, precision);
    };
    table(reporting.slat_percentiles, "slat", dir.slat);
    table(reporting.clat_percentiles, "clat", dir.clat);
    table(reporting.lat_percentiles, "lat", dir.lat);
    return out;
}

// What stock calls the per-priority latencies: "lat" with lat_percentiles, else "clat".
const char* priority_latency_name(const sdk::ReportSettings& reporting) {
    return reporting.lat_percentiles ? "lat" : "clat";
}

// "    clat prio 1/0 (usec): min=..." for each priority with samples, when two have.
std::string priority_latency_lines(const sdk::PriorityLatencies& prios,
                                   const sdk::ReportSettings& reporting) {
    if (sdk::priorities_with_samples(prios) < 2) return {};
    std::string out;
    for (const sdk::PriorityLatency& p : prios) {
        out += latency_line(fmt::format("{} prio {}/{}", priority_latency_name(reporting),
                                        p.io_class(), p.level()),
                            p.latency.stats);
    }
    return out;
}

// "    clat prio 1/0 (30.72% of IOs) percentiles (usec):" tables, after the others, when
// clat's or lat's percentiles are asked for and two priorities have samples.
std::string priority_percentile_tables(const sdk::DirectionResult& dir,
                                       const sdk::PriorityLatencies& prios,
                                       const sdk::ReportSettings& reporting) {
    if (!reporting.clat_percentiles && !reporting.lat_percentiles) return {};
    if (sdk::priorities_with_samples(prios) < 2) return {};
    const std::uint64_t total =
        reporting.lat_percentiles ? dir.lat.stats.count : dir.clat.stats.count;
    const std::span<const double> percents = reporting.percentile_list();
    const int precision = percentile_precision(percents);
    std::string out;
    for (const sdk::PriorityLatency& p : prios) {
        const std::uint64_t samples = p.latency.stats.count;
        if (samples == 0) continue;
        const double share = total == 0 ? 0.0
                                        : 100.0 * static_cast<double>(samples) /
                                              static_cast<double>(total);
        out += percentile_table(fmt::format("{} prio {}/{} ({:.2f}% of IOs)",
                                            priority_latency_name(reporting), p.io_class(),
                                            p.level(), share),
                                p.latency.histogram, percents, precision);
    }
    return out;
}

// How a direction's block is headed: its name, what stock appends to the first line,
// and whether stock shows its rates as zero (the "mixed" block of
// unified_rw_reporting=both, whose bytes stock's text report does not add up).
struct BlockHeading {
    std::string_view name;
    std::string trailer;
    bool zero_rates = false;
};

BlockHeading heading_of(std::size_t index, std::uint64_t zone_resets) {
    // Stock fio 3.33 appends the zoned-device reset count to the write line only.
    return {kDirectionNames[index],
            index == 1 ? fmt::format("; {} zone resets", zone_resets) : std::string()};
}

std::string direction_block(const BlockHeading& heading, const sdk::DirectionResult& dir,
                            const sdk::PriorityLatencies& prios, std::uint64_t group_bw, std::uint32_t kb_base,
                            const sdk::ReportSettings& reporting) {
    const std::uint64_t runtime_ms = dir.runtime_ms();
    if (runtime_ms == 0) return {};
    const bool binary = sdk::is_binary_base(kb_base);
    const std::uint64_t bw = sdk::amount_per_second(dir.io_bytes, runtime_ms);
    const std::uint64_t iops = sdk::amount_per_second(dir.total_ios, runtime_ms);

    const int figures = static_cast<int>(reporting.significant_figures);
    const bool bits = reporting.unit_base == 1;  // unit_base=1: rates in bits
    std::string out =
        heading.zero_rates
            ? fmt::format("  {}: IOPS=0, BW=0 (0)(0B/{}msec){}\n", heading.name, runtime_ms,
                          heading.trailer)
            : fmt::format("  {}: IOPS={}, BW={} ({})({}/{}msec){}\n", heading.name,
                          sdk::count_string(iops, figures), sdk::rate_string(bw, binary, figures, bits),
                          sdk::rate_string(bw, !binary, figures, bits),
                          sdk::size_string(dir.io_bytes, binary, figures), runtime_ms,
                          heading.trailer);
    out += latency_line("slat", dir.slat.stats);
    out += latency_line("clat", dir.clat.stats);
    out += latency_line(" lat", dir.lat.stats);
    out += priority_latency_lines(prios, reporting);
    out += percentile_tables(dir, reporting);
    out += priority_percentile_tables(dir, prios, reporting);
    if (dir.bw_samples.count != 0) {
        out += bandwidth_samples_line(dir.bw_samples, group_bw, kb_base);
    }
    if (dir.iops_samples.count != 0) out += iops_samples_line(dir.iops_samples);
    return out;
}

std::string latency_distributions(const sdk::JobResult& job) {
    const std::uint64_t total = job.total_ios();
    return latency_distribution("nsec", job.latency_ns, sdk::kLatencyBucketBoundsNs, total) +
           latency_distribution("usec", job.latency_us, sdk::kLatencyBucketBoundsUs, total) +
           latency_distribution("msec", job.latency_ms, sdk::kLatencyBucketBoundsMs, total);
}

std::string sync_block(const sdk::JobResult& job) {
    if (job.sync_lat.stats.count == 0) return {};
    const std::span<const double> percents = job.reporting.percentile_list();
    return "  fsync/fdatasync/sync_file_range:\n" + latency_line("sync", job.sync_lat.stats) +
           percentile_table("sync", job.sync_lat.histogram, percents,
                            percentile_precision(percents));
}

// "1=100.0%, 2=0.0%, ..." for one depth distribution.
std::string depth_shares(const std::array<std::uint64_t, sdk::kDepthSlots>& counts,
                         const std::array<std::string_view, sdk::kDepthSlots>& labels,
                         std::uint64_t total) {
    std::string out;
    for (int i = 0; i < sdk::kDepthSlots; ++i) {
        if (i != 0) out += ", ";
        out += fmt::format("{}={:3.1f}%", labels[i],
                           sdk::distribution_percent(counts[i], total, sdk::kDepthPercentFloor));
    }
    return out;
}

std::string resource_block(const sdk::JobResult& job) {
    std::string out = fmt::format(
        "  cpu          : usr={:3.2f}%, sys={:3.2f}%, ctx={}, majf={}, minf={}\n",
        sdk::cpu_percent(job.usr_cpu_ns, job), sdk::cpu_percent(job.sys_cpu_ns, job), job.ctx,
        job.majf, job.minf);
    out += fmt::format("  IO depths    : {}\n",
                       depth_shares(job.depth_levels, sdk::kDepthLevelLabels, job.total_ios()));
    out += fmt::format("     submit    : {}\n",
                       depth_shares(job.depth_submit, sdk::kDepthBatchLabels,
                                    job.depth_submit_events));
    out += fmt::format("     complete  : {}\n",
                       depth_shares(job.depth_complete, sdk::kDepthBatchLabels,
                                    job.depth_complete_events));
    const auto& d = job.directions;
    // The fourth column is sync; fio counts no short or dropped syncs.
    out += fmt::format(
        "     issued rwts: total={},{},{},{} short={},{},{},0 dropped={},{},{},0\n",
        d[0].total_ios, d[1].total_ios, d[2].total_ios, job.sync_total_ios, d[0].short_ios,
        d[1].short_ios, d[2].short_ios, d[0].drop_ios, d[1].drop_ios, d[2].drop_ios);
    if (job.error_counts) {
        out += fmt::format("     errors    : total={}, first_error={}/<{}>\n", job.total_err,
                           job.first_error, std::strerror(job.first_error));
    }
    // As fio: the target in ns, the window in us.
    out += fmt::format("     latency   : target={}, window={}, percentile={:.2f}%, depth={}\n",
                       job.latency_target.target_ns, job.latency_target.window_ns / 1000,
                       job.latency_target.percentile, job.latency_depth());
    return out;
}

// "  steadystate  : attained=yes, bw=..., iops=..., iops mean dev=1.234%".
std::string steady_state_line(const sdk::SteadyStateResult& ss, std::uint32_t kb_base,
                              int figures) {
    const bool binary = sdk::is_binary_base(kb_base);
    const std::uint64_t bw = ss.bw_mean();
    return fmt::format("  steadystate  : attained={}, bw={} ({}), iops={}, {} {}={:.3f}{}\n",
                       ss.attained ? "yes" : "no", sdk::rate_string(bw, binary, figures),
                       sdk::rate_string(bw, !binary, figures),
                       sdk::count_string(ss.iops_mean(), figures),
                       ss.bandwidth ? "bw" : "iops", ss.slope ? "slope" : "mean dev",
                       static_cast<double>(ss.criterion), ss.percent ? "%" : "");
}

}  // namespace

std::string job_report(const sdk::JobResult& job, const sdk::GroupResult* group,
                       std::uint32_t kb_base) {
    if (kb_base == 0) kb_base = 1024;  // unset: fio's default
    std::uint64_t bytes = 0;
    for (const auto& d : job.directions) bytes += d.io_bytes;
    if (bytes == 0 && job.total_ios() == 0) return {};

    std::string out = header_line(job);
    if (!job.description.empty()) out += fmt::format("  Description  : [{}]\n", job.description);
    const auto group_bw = [group](std::size_t i) {
        return group ? group->directions[i].agg_bw_bytes : 0;
    };
    if (job.reporting.unified_rw == sdk::kUnifiedMixed) {
        // The core summed the directions into the first one.
        if (job.directions[0].io_bytes != 0) {
            out += direction_block({"mixed", ""}, job.directions[0], job.priority_latency[0],
                                   group_bw(0), kb_base, job.reporting);
        }
    } else {
        for (std::size_t i = 0; i < job.directions.size(); ++i) {
            if (job.directions[i].io_bytes != 0)
                out += direction_block(heading_of(i, job.zone_resets), job.directions[i],
                                       job.priority_latency[i], group_bw(i), kb_base,
                                       job.reporting);
        }
    }
    if (job.reporting.unified_rw == sdk::kUnifiedBoth) {
        const std::uint64_t mixed_group_bw =
            group ? sdk::mixed_group_direction(*group).agg_bw_bytes : 0;
        out += direction_block({"mixed", "", true}, sdk::mixed_direction(job),
                               sdk::mixed_priority_latencies(job), mixed_group_bw, kb_base,
                               job.reporting);
    }
    out += latency_distributions(job);
    out += sync_block(job);
    out += resource_block(job);
    if (job.steadystate.enabled) {
        out += steady_state_line(job.steadystate, kb_base,
                                 static_cast<int>(job.reporting.significant_figures));
    }
    return out;
}

}  // namespace fio::outputs::normal
