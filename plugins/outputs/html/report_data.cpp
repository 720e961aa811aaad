#include "report_data.hpp"

#include <array>
#include <string>

namespace fio::outputs::html {
namespace {

using nlohmann::json;

constexpr std::array<const char*, 3> kDirectionNames = {"read", "write", "trim"};

double us(std::uint64_t ns) { return static_cast<double>(ns) / 1000.0; }
double mib(std::uint64_t kib) { return static_cast<double>(kib) / 1024.0; }

json pairs_json(const std::vector<std::pair<std::string, std::string>>& pairs) {
    json list = json::array();
    for (const auto& [name, value] : pairs) list.push_back(json::array({name, value}));
    return list;
}

// The latency the charts show: clat where measured, else the total latency.
const sdk::LatencyStats& shown_latency(const sdk::DirectionResult& d) {
    return d.clat.stats.count ? d.clat : d.lat;
}

json direction_json(const sdk::DirectionResult& d, const sdk::DirectionSeries& series, int dir) {
    const std::uint64_t runtime_ms = d.runtime_ms();
    json out = {
        {"direction", kDirectionNames[static_cast<std::size_t>(dir)]},
        {"ios", d.total_ios},
        {"bytes", d.io_bytes},
        {"runtime_ms", runtime_ms},
        {"iops", runtime_ms ? static_cast<double>(d.total_ios) * 1000.0 / static_cast<double>(runtime_ms) : 0.0},
        {"bw_mib", runtime_ms ? static_cast<double>(d.io_bytes) * 1000.0 / static_cast<double>(runtime_ms) / 1048576.0
                              : 0.0},
    };
    const sdk::LatencyStats& latency = shown_latency(d);
    out["latency_kind"] = d.clat.stats.count ? "clat" : "lat";
    out["latency_mean_us"] = us(static_cast<std::uint64_t>(latency.stats.mean()));
    const auto tail = latency.histogram.percentiles(sdk::kSeriesPercentiles);
    json percentiles = json::array();
    for (std::uint64_t ns : tail) percentiles.push_back(us(ns));
    out["latency_percentiles_us"] = percentiles;
    out["histogram"] = histogram_json(latency.histogram);

    json bw = json::array();
    for (const auto& p : series.bw_kib) bw.push_back(json::array({p.time_ms / 1000.0, mib(p.value)}));
    json iops = json::array();
    for (const auto& p : series.iops) iops.push_back(json::array({p.time_ms / 1000.0, p.value}));
    json clat = json::array();
    for (const auto& p : series.clat) {
        json point = json::array({p.time_ms / 1000.0});
        for (std::uint64_t ns : p.ns) point.push_back(us(ns));
        clat.push_back(std::move(point));
    }
    out["bw_series"] = std::move(bw);
    out["iops_series"] = std::move(iops);
    out["clat_series"] = std::move(clat);
    return out;
}

json job_json(const sdk::JobResult& job) {
    json directions = json::array();
    for (int dir = 0; dir < 3; ++dir) {
        const auto& d = job.directions[static_cast<std::size_t>(dir)];
        const auto& series = job.series[static_cast<std::size_t>(dir)];
        if (d.total_ios == 0 && series.empty()) continue;
        directions.push_back(direction_json(d, series, dir));
    }
    return {
        {"name", job.name},
        {"description", job.description},
        {"groupid", job.groupid},
        {"threads", job.threads},
        {"host", job.all_clients ? std::string("All clients") : job.client_host},
        {"all_clients", job.all_clients},
        {"error", job.error},
        {"error_text", job.error_text},
        {"options", pairs_json(job.options)},
        {"directions", std::move(directions)},
    };
}

}  // namespace

json histogram_json(const sdk::LatencyHistogram& histogram) {
    json bins = json::array();
    for (unsigned i = 0; i < sdk::kHistogramBuckets; ++i) {
        if (histogram.counts[i] == 0) continue;
        bins.push_back(json::array({us(sdk::histogram_value(i)), histogram.counts[i]}));
    }
    return bins;
}

json report_json(const ReportData& data) {
    json jobs = json::array();
    for (const auto& job : data.jobs) jobs.push_back(job_json(job));
    json percentiles = json::array();
    for (double p : sdk::kSeriesPercentiles) percentiles.push_back(p);
    return {
        {"fio_version", data.info.fio_version},
        {"start_epoch_ms", data.info.start_epoch_ms},
        {"end_epoch_ms", data.summary.end_epoch_ms},
        {"exit_code", data.summary.exit_code},
        {"client_run", data.info.client_run},
        {"machine",
         {{"hostname", data.machine.hostname},
          {"kernel", data.machine.kernel},
          {"cpus", data.machine.cpus}}},
        {"global_options", pairs_json(data.info.global_options)},
        {"percentiles", percentiles},
        {"jobs", std::move(jobs)},
    };
}

}  // namespace fio::outputs::html
