#include "json_report.hpp"

#include <array>
#include <climits>
#include <span>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <fio/sdk/client_host.hpp>
#include <fio/sdk/format.hpp>
#include <fio/sdk/histogram.hpp>
#include <fio/sdk/mixed_result.hpp>

namespace fio::outputs::json {

namespace {

constexpr std::array<const char*, 3> kDirectionKeys = {"read", "write", "trim"};

// fio reports the run's ETA as of printing: 0 once everything is done, except that it
// does not estimate at all during a run's first 3 seconds and says "unknown" (INT_MAX).
constexpr std::uint64_t kFirstEstimateAfterS = 3;
constexpr int kUnknownEta = INT_MAX;

// {min, max, mean, stddev, N} and, when there are samples, the `percents` asked for
// (none: no "percentile" object) keyed "%f" ("99.000000"), then for json+ the "bins".
Json latency_json(const sdk::LatencyStats& latency, std::span<const double> percents,
                  JsonFlavor flavor) {
    const sdk::SampleStats& s = latency.stats;
    Json out;
    out["min"] = s.min_or_zero();
    out["max"] = s.max;
    out["mean"] = s.mean();
    out["stddev"] = s.stddev();
    out["N"] = s.count;
    if (percents.empty() || s.count == 0) return out;
    const auto values = latency.histogram.percentiles(percents);
    if (values.empty()) return out;
    Json percentiles = Json::object();
    for (std::size_t i = 0; i < values.size(); ++i)
        percentiles[fmt::format("{:f}", percents[i])] = values[i];
    out["percentile"] = std::move(percentiles);
    if (flavor == JsonFlavor::json_plus) out["bins"] = histogram_bins_json(latency.histogram);
    return out;
}

// The percentiles of one latency series: the job's list when it asked for them, else none.
std::span<const double> wanted(bool asked, const sdk::ReportSettings& reporting) {
    return asked ? reporting.percentile_list() : std::span<const double>{};
}

// "prios": the latencies of each priority the direction's I/Os carried, when at least
// two have samples (as stock): clat, or lat with lat_percentiles, with percentiles when
// either clat's or lat's have them.
Json priorities_json(const sdk::PriorityLatencies& prios, const sdk::ReportSettings& reporting,
                     JsonFlavor flavor) {
    const char* key = reporting.lat_percentiles ? "lat_ns" : "clat_ns";
    const auto percents =
        wanted(reporting.clat_percentiles || reporting.lat_percentiles, reporting);
    Json out = Json::array();
    for (const sdk::PriorityLatency& p : prios) {
        if (p.latency.stats.count == 0) continue;
        Json prio;
        prio["prioclass"] = p.io_class();
        prio["prio"] = p.level();
        prio[key] = latency_json(p.latency, percents, flavor);
        out.push_back(std::move(prio));
    }
    return out;
}

Json direction_json(const sdk::DirectionResult& dir, const sdk::PriorityLatencies& prios,
                    std::uint64_t group_bw_bytes, const sdk::ReportSettings& reporting,
                    JsonFlavor flavor) {
    const std::uint64_t runtime_ms = dir.runtime_ms();
    const std::uint64_t bw_bytes = sdk::amount_per_second(dir.io_bytes, runtime_ms);
    Json out;
    out["io_bytes"] = dir.io_bytes;
    out["io_kbytes"] = dir.io_bytes >> 10;
    out["bw_bytes"] = bw_bytes;
    out["bw"] = bw_bytes / 1024;
    // Unlike the text report, JSON keeps the fractional IOPS.
    out["iops"] = runtime_ms == 0 ? 0.0
                                  : static_cast<double>(dir.total_ios) * 1000.0 /
                                        static_cast<double>(runtime_ms);
    out["runtime"] = runtime_ms;
    out["total_ios"] = dir.total_ios;
    out["short_ios"] = dir.short_ios;
    out["drop_ios"] = dir.drop_ios;
    out["slat_ns"] =
        latency_json(dir.slat, wanted(reporting.slat_percentiles, reporting), flavor);
    out["clat_ns"] =
        latency_json(dir.clat, wanted(reporting.clat_percentiles, reporting), flavor);
    out["lat_ns"] = latency_json(dir.lat, wanted(reporting.lat_percentiles, reporting), flavor);
    if (sdk::priorities_with_samples(prios) >= 2) out["prios"] = priorities_json(prios, reporting, flavor);

    const sdk::SampleStats& bw = dir.bw_samples;
    out["bw_min"] = bw.min_or_zero();
    out["bw_max"] = bw.max;
    out["bw_agg"] = bw.count == 0 ? 0.0 : sdk::percent_of_aggregate(bw.mean(), group_bw_bytes);
    out["bw_mean"] = bw.mean();
    out["bw_dev"] = bw.stddev();
    out["bw_samples"] = bw.count;

    const sdk::SampleStats& iops = dir.iops_samples;
    out["iops_min"] = iops.min_or_zero();
    out["iops_max"] = iops.max;
    out["iops_mean"] = iops.mean();
    out["iops_stddev"] = iops.stddev();
    out["iops_samples"] = iops.count;
    return out;
}

Json depth_json(const std::array<std::uint64_t, sdk::kDepthSlots>& counts,
                const std::array<std::string_view, sdk::kDepthSlots>& labels,
                std::uint64_t total) {
    Json out;
    for (int i = 0; i < sdk::kDepthSlots; ++i) {
        out[std::string(labels[i])] =
            sdk::distribution_percent(counts[i], total, sdk::kDepthPercentFloor);
    }
    return out;
}

template <std::size_t N>
Json latency_buckets_json(const std::array<std::uint64_t, N>& counts,
                          std::span<const std::uint32_t> bounds, std::uint64_t total) {
    Json out;
    for (std::size_t i = 0; i < N; ++i) {
        out[sdk::latency_bucket_label(bounds, i)] =
            sdk::distribution_percent(counts[i], total, sdk::kLatencyPercentFloor);
    }
    return out;
}

// fio's "steadystate" object; limits and criterion as "%f", with "%" for percentages.
Json steady_state_json(const sdk::SteadyStateResult& ss) {
    const std::string_view unit = ss.percent ? "%" : "";
    Json out;
    out["ss"] = fmt::format("{}:{:f}{}", ss.criterion_name(), ss.limit, unit);
    out["duration"] = ss.duration_s;
    out["attained"] = ss.attained ? 1 : 0;
    out["criterion"] = fmt::format("{:f}{}", static_cast<double>(ss.criterion), unit);
    out["max_deviation"] = ss.max_deviation;
    out["slope"] = ss.slope_value;
    Json data;
    data["bw_mean"] = ss.bw_mean();
    data["iops_mean"] = ss.iops_mean();
    data["iops"] = ss.iops;
    data["bw"] = ss.bw;
    out["data"] = std::move(data);
    return out;
}

}  // namespace

Json histogram_bins_json(const sdk::LatencyHistogram& histogram) {
    Json bins = Json::object();
    for (unsigned i = 0; i < sdk::kHistogramBuckets; ++i) {
        if (histogram.counts[i] != 0) {
            bins[std::to_string(sdk::histogram_value(i))] = histogram.counts[i];
        }
    }
    return bins;
}

Json options_json(const OptionList& options) {
    Json out = Json::object();
    for (const auto& [name, value] : options) {
        if (!value.empty()) out[name] = value;
    }
    return out;
}

Json job_json(const sdk::JobResult& job, const sdk::GroupResult* group, JsonFlavor flavor) {
    Json out;
    out["jobname"] = job.name;
    out["groupid"] = job.groupid;
    out["error"] = job.error;
    out["eta"] = job.elapsed_s < kFirstEstimateAfterS ? kUnknownEta : 0;
    out["elapsed"] = job.elapsed_s;
    if (!job.options.empty()) out["job options"] = options_json(job.options);

    // unified_rw_reporting=mixed: the core summed the directions into the first, and
    // stock shows only that one, as "mixed", and no sync object.
    if (job.reporting.unified_rw == sdk::kUnifiedMixed) {
        const std::uint64_t group_bw = group ? group->directions[0].agg_bw_bytes : 0;
        out["mixed"] = direction_json(job.directions[0], job.priority_latency[0], group_bw,
                                      job.reporting, flavor);
    } else {
        for (std::size_t i = 0; i < job.directions.size(); ++i) {
            const std::uint64_t group_bw = group ? group->directions[i].agg_bw_bytes : 0;
            out[kDirectionKeys[i]] = direction_json(job.directions[i], job.priority_latency[i],
                                                    group_bw, job.reporting, flavor);
        }
        // As stock: sync latencies have percentiles when clat's or lat's do.
        const bool sync_percentiles = job.reporting.clat_percentiles || job.reporting.lat_percentiles;
        out["sync"] = {{"total_ios", job.sync_total_ios},
                       {"lat_ns", latency_json(job.sync_lat,
                                               wanted(sync_percentiles, job.reporting), flavor)}};
    }
    if (job.reporting.unified_rw == sdk::kUnifiedBoth) {  // after sync, as stock
        const std::uint64_t group_bw = group ? sdk::mixed_group_direction(*group).agg_bw_bytes : 0;
        out["mixed"] = direction_json(sdk::mixed_direction(job), sdk::mixed_priority_latencies(job),
                                      group_bw, job.reporting, flavor);
    }

    out["job_runtime"] = job.job_runtime_ns / 1'000'000;
    out["usr_cpu"] = sdk::cpu_percent(job.usr_cpu_ns, job);
    out["sys_cpu"] = sdk::cpu_percent(job.sys_cpu_ns, job);
    out["ctx"] = job.ctx;
    out["majf"] = job.majf;
    out["minf"] = job.minf;

    out["iodepth_level"] = depth_json(job.depth_levels, sdk::kDepthLevelLabels, job.total_ios());
    out["iodepth_submit"] =
        depth_json(job.depth_submit, sdk::kDepthBatchLabels, job.depth_submit_events);
    out["iodepth_complete"] =
        depth_json(job.depth_complete, sdk::kDepthBatchLabels, job.depth_complete_events);

    const std::uint64_t total = job.total_ios();
    out["latency_ns"] = latency_buckets_json(job.latency_ns, sdk::kLatencyBucketBoundsNs, total);
    out["latency_us"] = latency_buckets_json(job.latency_us, sdk::kLatencyBucketBoundsUs, total);
    out["latency_ms"] = latency_buckets_json(job.latency_ms, sdk::kLatencyBucketBoundsMs, total);
    if (job.error_counts) {
        out["total_err"] = job.total_err;
        out["first_error"] = job.first_error;
    }

    // As fio: the target in ns, the window in us.
    out["latency_depth"] = job.latency_depth();
    out["latency_target"] = job.latency_target.target_ns;
    out["latency_percentile"] = job.latency_target.percentile;
    out["latency_window"] = job.latency_target.window_ns / 1000;
    if (!job.description.empty()) out["desc"] = job.description;
    if (job.steadystate.enabled) out["steadystate"] = steady_state_json(job.steadystate);
    if (!job.client_host.empty()) {  // a host's job of a client run: its server, last as stock
        const sdk::ClientHostParts server = sdk::split_client_host(job.client_host);
        out["hostname"] = server.hostname;
        out["port"] = server.port;
    }
    return out;
}

Json disk_util_json(const sdk::DiskUtil& disk) {
    Json out;
    out["name"] = disk.name;
    out["read_ios"] = disk.read_ios;
    out["write_ios"] = disk.write_ios;
    out["read_merges"] = disk.read_merges;
    out["write_merges"] = disk.write_merges;
    out["read_ticks"] = disk.read_ticks_ms;
    out["write_ticks"] = disk.write_ticks_ms;
    out["in_queue"] = disk.in_queue_ms;
    out["util"] = disk.util_percent;
    if (const sdk::DiskSlaveAggregate& s = disk.slaves; s.count != 0) {
        out["aggr_read_ios"] = s.read_ios;
        out["aggr_write_ios"] = s.write_ios;
        out["aggr_read_merges"] = s.read_merges;
        out["aggr_write_merge"] = s.write_merges;  // sic: stock's key
        out["aggr_read_ticks"] = s.read_ticks_ms;
        out["aggr_write_ticks"] = s.write_ticks_ms;
        out["aggr_in_queue"] = s.in_queue_ms;
        out["aggr_util"] = s.max_util_percent;
    }
    return out;
}

Json idleness_json(const sdk::CpuIdleness& idleness) {
    Json out;
    out["system"] = idleness.system_percent;
    if (idleness.per_cpu) {
        for (std::size_t i = 0; i < idleness.cpu_percent.size(); ++i) {
            out[fmt::format("cpu-{}", i)] = idleness.cpu_percent[i];
        }
    }
    out["unit_mean"] = idleness.unit_mean_us;
    out["unit_stddev"] = idleness.unit_stddev_us;
    return out;
}

Json run_json(const RunDocument& run) {
    const std::int64_t end_s = run.end_epoch_ms / 1000;
    Json out;
    out["fio version"] = run.fio_version;
    out["timestamp"] = end_s;
    out["timestamp_ms"] = run.end_epoch_ms;
    out["time"] = sdk::ctime_string(end_s);
    if (!run.global_options.empty()) out["global options"] = options_json(run.global_options);
    Json& jobs = out[run.client_run ? "client_stats" : "jobs"];
    jobs = Json::array();
    for (const auto& job : run.jobs) jobs.push_back(job);
    if (!run.disks.empty()) {
        out["disk_util"] = Json::array();
        for (const auto& disk : run.disks) out["disk_util"].push_back(disk);
    }
    if (!run.idleness.is_null()) out["cpu_idleness"] = run.idleness;
    return out;
}

}  // namespace fio::outputs::json
