// Wire codecs of the result model: a job's result and a group's totals. Exact: every
// SampleStats field (the 128-bit sum of squares as two u64), every histogram bucket
// (sent sparse), steady state, per-priority latencies, options and reporting settings
// come back as they left, so results merged from several hosts ("All clients") are the
// same as a merge of the originals, percentiles included. docs/protocol.md lists the keys.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "fio/sdk/result.hpp"
#include "fio/sdk/wire_cbor.hpp"
#include "fio/sdk/wire_series.hpp"

namespace fio::sdk::wire {

namespace detail {

// ---- SampleStats: {"n","min","max","sum","sq":[low, high]}; absent when empty ----

inline bool is_default(const SampleStats& s) noexcept {
    const SampleStats none;
    return s.count == none.count && s.min == none.min && s.max == none.max &&
           s.sum == none.sum && s.sum_squares == none.sum_squares;
}

inline Json stats_to_json(const SampleStats& s) {
    const auto low = static_cast<std::uint64_t>(s.sum_squares);
    const auto high = static_cast<std::uint64_t>(s.sum_squares >> 64);
    return Json{{"n", s.count}, {"min", s.min}, {"max", s.max}, {"sum", s.sum},
                {"sq", Json::array({low, high})}};
}

inline void read_value(Reader& r, const Json& v, SampleStats& out, const char* key) {
    if (!v.is_object()) return r.fail(key, "is not a map");
    Reader::Scope scope(r, key);
    get(r, v, "n", out.count);
    get(r, v, "min", out.min);
    get(r, v, "max", out.max);
    get(r, v, "sum", out.sum);
    std::array<std::uint64_t, 2> squares{};
    get(r, v, "sq", squares);
    out.sum_squares = (static_cast<unsigned __int128>(squares[1]) << 64) | squares[0];
}

// ---- LatencyStats: {"s": stats, "h": [index, count, index, count, ...]} ----
// Only buckets with samples are sent, in ascending index order.

inline Json latency_to_json(const LatencyStats& l) {
    Json map = Json::object();
    if (!is_default(l.stats)) map["s"] = stats_to_json(l.stats);
    Json buckets = Json::array();
    for (unsigned i = 0; i < kHistogramBuckets; ++i) {
        if (l.histogram.counts[i] == 0) continue;
        buckets.push_back(i);
        buckets.push_back(l.histogram.counts[i]);
    }
    if (!buckets.empty()) map["h"] = std::move(buckets);
    return map;
}

inline void read_value(Reader& r, const Json& v, LatencyStats& out, const char* key) {
    if (!v.is_object()) return r.fail(key, "is not a map");
    Reader::Scope scope(r, key);
    get(r, v, "s", out.stats);
    const Json* buckets = r.array(v, "h", 2 * kHistogramBuckets);
    if (buckets == nullptr) return;
    if (buckets->size() % 2 != 0) return r.fail("h", "is not a list of index/count pairs");
    std::int64_t previous = -1;
    for (std::size_t i = 0; i < buckets->size() && !r.failed(); i += 2) {
        std::uint32_t index = 0;
        read_value(r, (*buckets)[i], index, "h");
        if (r.failed()) return;
        if (index >= kHistogramBuckets || static_cast<std::int64_t>(index) <= previous) {
            return r.fail("h", "has a bucket index out of range or out of order");
        }
        previous = index;
        read_value(r, (*buckets)[i + 1], out.histogram.counts[index], "h");
    }
}

// ---- one direction of a job ----

inline Json direction_to_json(const DirectionResult& d) {
    Json map{{"io", d.io_bytes}, {"n", d.total_ios}, {"short", d.short_ios},
             {"drop", d.drop_ios}, {"rt", d.runtime_ns}, {"slat", latency_to_json(d.slat)},
             {"clat", latency_to_json(d.clat)}, {"lat", latency_to_json(d.lat)}};
    if (!is_default(d.bw_samples)) map["bw"] = stats_to_json(d.bw_samples);
    if (!is_default(d.iops_samples)) map["iops"] = stats_to_json(d.iops_samples);
    return map;
}

inline void read_value(Reader& r, const Json& v, DirectionResult& out, const char* key) {
    if (!v.is_object()) return r.fail(key, "is not a map");
    Reader::Scope scope(r, key);
    get(r, v, "io", out.io_bytes);
    get(r, v, "n", out.total_ios);
    get(r, v, "short", out.short_ios);
    get(r, v, "drop", out.drop_ios);
    get(r, v, "rt", out.runtime_ns);
    get(r, v, "slat", out.slat);
    get(r, v, "clat", out.clat);
    get(r, v, "lat", out.lat);
    get(r, v, "bw", out.bw_samples);
    get(r, v, "iops", out.iops_samples);
}

// ---- reporting settings, steady state, latency target, priorities ----

inline Json reporting_to_json(const ReportSettings& s) {
    return Json{{"slat", s.slat_percentiles}, {"clat", s.clat_percentiles},
                {"lat", s.lat_percentiles},   {"pct", s.percentiles},
                {"sf", s.significant_figures}, {"urw", s.unified_rw},
                {"ub", s.unit_base}};
}

inline void read_value(Reader& r, const Json& v, ReportSettings& out, const char* key) {
    if (!v.is_object()) return r.fail(key, "is not a map");
    Reader::Scope scope(r, key);
    get(r, v, "slat", out.slat_percentiles);
    get(r, v, "clat", out.clat_percentiles);
    get(r, v, "lat", out.lat_percentiles);
    get(r, v, "pct", out.percentiles);
    get(r, v, "sf", out.significant_figures);
    get(r, v, "urw", out.unified_rw);
    get(r, v, "ub", out.unit_base);
}

inline Json steadystate_to_json(const SteadyStateResult& s) {
    return Json{{"on", s.enabled},        {"bw", s.bandwidth},      {"slope", s.slope},
                {"pct", s.percent},       {"limit", s.limit},       {"dur", s.duration_s},
                {"met", s.attained},      {"crit", s.criterion},    {"dev", s.max_deviation},
                {"sv", s.slope_value},    {"iops", s.iops},         {"bws", s.bw},
                {"taken", s.samples_taken}};
}

inline void read_value(Reader& r, const Json& v, SteadyStateResult& out, const char* key) {
    if (!v.is_object()) return r.fail(key, "is not a map");
    Reader::Scope scope(r, key);
    get(r, v, "on", out.enabled);
    get(r, v, "bw", out.bandwidth);
    get(r, v, "slope", out.slope);
    get(r, v, "pct", out.percent);
    get(r, v, "limit", out.limit);
    get(r, v, "dur", out.duration_s);
    get(r, v, "met", out.attained);
    get(r, v, "crit", out.criterion);
    get(r, v, "dev", out.max_deviation);
    get(r, v, "sv", out.slope_value);
    get(r, v, "iops", out.iops);
    get(r, v, "bws", out.bw);
    get(r, v, "taken", out.samples_taken);
}

inline Json latency_target_to_json(const LatencyTargetResult& t) {
    return Json{{"target", t.target_ns}, {"win", t.window_ns}, {"pct", t.percentile},
                {"depth", t.depth}};
}

inline void read_value(Reader& r, const Json& v, LatencyTargetResult& out, const char* key) {
    if (!v.is_object()) return r.fail(key, "is not a map");
    Reader::Scope scope(r, key);
    get(r, v, "target", out.target_ns);
    get(r, v, "win", out.window_ns);
    get(r, v, "pct", out.percentile);
    get(r, v, "depth", out.depth);
}

inline void read_value(Reader& r, const Json& v, PriorityLatency& out, const char* key) {
    if (!v.is_object()) return r.fail(key, "is not a map");
    Reader::Scope scope(r, key);
    get(r, v, "prio", out.ioprio);
    get(r, v, "l", out.latency);
}

inline Json priorities_to_json(const std::array<PriorityLatencies, 3>& per_direction) {
    Json directions = Json::array();
    for (const auto& prios : per_direction) {
        Json list = Json::array();
        for (const auto& p : prios) {
            list.push_back(Json{{"prio", p.ioprio}, {"l", latency_to_json(p.latency)}});
        }
        directions.push_back(std::move(list));
    }
    return directions;
}

// Host labels (new in 1.1), sent only when set.
template <class T>
void put_labels(Json& map, const T& value, std::uint16_t minor) {
    if (minor < 1) return;
    if (!value.client_host.empty()) map["host"] = value.client_host;
    if (value.all_clients) map["all"] = true;
}

template <class T>
void read_labels(Reader& r, const Json& map, T& out) {
    get(r, map, "host", out.client_host);
    get(r, map, "all", out.all_clients);
}

// ---- JobResult ----

inline Json job_result_to_json(const JobResult& j, std::uint16_t minor) {
    Json map = payload_map(minor);
    map["name"] = j.name;
    map["desc"] = j.description;
    map["g"] = j.groupid;
    map["thr"] = j.threads;
    map["err"] = j.error;
    map["errt"] = j.error_text;
    map["tid"] = j.thread_id;
    map["end"] = j.end_time_epoch_s;
    map["el"] = j.elapsed_s;
    map["jrt"] = j.job_runtime_ns;
    Json directions = Json::array();
    for (const auto& d : j.directions) directions.push_back(direction_to_json(d));
    map["dirs"] = std::move(directions);
    map["syncn"] = j.sync_total_ios;
    map["sync"] = latency_to_json(j.sync_lat);
    map["usr"] = j.usr_cpu_ns;
    map["sys"] = j.sys_cpu_ns;
    map["ctx"] = j.ctx;
    map["majf"] = j.majf;
    map["minf"] = j.minf;
    map["dl"] = j.depth_levels;
    map["ds"] = j.depth_submit;
    map["dc"] = j.depth_complete;
    map["dse"] = j.depth_submit_events;
    map["dce"] = j.depth_complete_events;
    map["lns"] = j.latency_ns;
    map["lus"] = j.latency_us;
    map["lms"] = j.latency_ms;
    map["depth"] = j.iodepth;
    map["opts"] = pairs_to_json(j.options);
    map["rep"] = reporting_to_json(j.reporting);
    map["terr"] = j.total_err;
    map["ferr"] = j.first_error;
    map["errc"] = j.error_counts;
    map["errtol"] = j.error_tolerated;
    map["ss"] = steadystate_to_json(j.steadystate);
    map["zr"] = j.zone_resets;
    map["lt"] = latency_target_to_json(j.latency_target);
    const bool any_priority = !j.priority_latency[0].empty() || !j.priority_latency[1].empty() ||
                              !j.priority_latency[2].empty();
    if (minor >= 1 && any_priority) map["prio"] = priorities_to_json(j.priority_latency);
    if (minor >= 1 && any_series(j.series)) map["ser"] = all_series_to_json(j.series);
    put_labels(map, j, minor);
    return map;
}

inline void read_job_result(Reader& r, const Json& map, JobResult& out) {
    get(r, map, "name", out.name);
    get(r, map, "desc", out.description);
    get(r, map, "g", out.groupid);
    get(r, map, "thr", out.threads);
    get(r, map, "err", out.error);
    get(r, map, "errt", out.error_text);
    get(r, map, "tid", out.thread_id);
    get(r, map, "end", out.end_time_epoch_s);
    get(r, map, "el", out.elapsed_s);
    get(r, map, "jrt", out.job_runtime_ns);
    if (const Json* dirs = r.array(map, "dirs", out.directions.size())) {
        for (std::size_t i = 0; i < dirs->size(); ++i) {
            const std::string key = "dirs[" + std::to_string(i) + "]";
            read_value(r, (*dirs)[i], out.directions[i], key.c_str());
        }
    }
    get(r, map, "syncn", out.sync_total_ios);
    get(r, map, "sync", out.sync_lat);
    get(r, map, "usr", out.usr_cpu_ns);
    get(r, map, "sys", out.sys_cpu_ns);
    get(r, map, "ctx", out.ctx);
    get(r, map, "majf", out.majf);
    get(r, map, "minf", out.minf);
    get(r, map, "dl", out.depth_levels);
    get(r, map, "ds", out.depth_submit);
    get(r, map, "dc", out.depth_complete);
    get(r, map, "dse", out.depth_submit_events);
    get(r, map, "dce", out.depth_complete_events);
    get(r, map, "lns", out.latency_ns);
    get(r, map, "lus", out.latency_us);
    get(r, map, "lms", out.latency_ms);
    get(r, map, "depth", out.iodepth);
    get(r, map, "opts", out.options);
    get(r, map, "rep", out.reporting);
    get(r, map, "terr", out.total_err);
    get(r, map, "ferr", out.first_error);
    get(r, map, "errc", out.error_counts);
    get(r, map, "errtol", out.error_tolerated);
    get(r, map, "ss", out.steadystate);
    get(r, map, "zr", out.zone_resets);
    get(r, map, "lt", out.latency_target);
    get(r, map, "prio", out.priority_latency);
    get(r, map, "ser", out.series);
    read_labels(r, map, out);
}

// ---- GroupResult ----

inline Json group_direction_to_json(const GroupDirection& d) {
    return Json{{"io", d.io_bytes},          {"agg", d.agg_bw_bytes},
                {"minbw", d.min_bw_bytes},   {"maxbw", d.max_bw_bytes},
                {"minrt", d.min_runtime_ms}, {"maxrt", d.max_runtime_ms}};
}

inline void read_value(Reader& r, const Json& v, GroupDirection& out, const char* key) {
    if (!v.is_object()) return r.fail(key, "is not a map");
    Reader::Scope scope(r, key);
    get(r, v, "io", out.io_bytes);
    get(r, v, "agg", out.agg_bw_bytes);
    get(r, v, "minbw", out.min_bw_bytes);
    get(r, v, "maxbw", out.max_bw_bytes);
    get(r, v, "minrt", out.min_runtime_ms);
    get(r, v, "maxrt", out.max_runtime_ms);
}

}  // namespace detail

inline std::vector<std::uint8_t> encode_payload(const JobResult& value,
                                                std::uint16_t minor = kPayloadMinor) {
    return detail::to_bytes(detail::job_result_to_json(value, minor));
}

inline bool decode_payload(std::span<const std::uint8_t> bytes, JobResult& out,
                           std::string& error) {
    return detail::decode_with(bytes, out, error, "job result", detail::read_job_result);
}

inline std::vector<std::uint8_t> encode_payload(const GroupResult& value,
                                                std::uint16_t minor = kPayloadMinor) {
    detail::Json map = detail::payload_map(minor);
    map["g"] = value.groupid;
    map["urw"] = value.unified_rw;
    map["ub"] = value.unit_base;
    detail::Json directions = detail::Json::array();
    for (const auto& d : value.directions) directions.push_back(detail::group_direction_to_json(d));
    map["dirs"] = std::move(directions);
    map["kbb"] = value.kb_base;
    map["sf"] = value.significant_figures;
    detail::put_labels(map, value, minor);
    return detail::to_bytes(map);
}

inline bool decode_payload(std::span<const std::uint8_t> bytes, GroupResult& out,
                           std::string& error) {
    return detail::decode_with(
        bytes, out, error, "group result",
        [](detail::Reader& r, const detail::Json& map, GroupResult& g) {
            get(r, map, "g", g.groupid);
            get(r, map, "urw", g.unified_rw);
            get(r, map, "ub", g.unit_base);
            get(r, map, "dirs", g.directions);
            get(r, map, "kbb", g.kb_base);
            get(r, map, "sf", g.significant_figures);
            detail::read_labels(r, map, g);
        });
}

}  // namespace fio::sdk::wire
