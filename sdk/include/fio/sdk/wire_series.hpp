// Wire codec of a job's series over time (JobResult::series, ABI 1.5), the job
// result's "ser" key: per direction a map of flat u64 arrays, left out when the job
// kept no series, so readers that predate it skip it. docs/protocol.md lists the keys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "fio/sdk/series.hpp"
#include "fio/sdk/wire_cbor.hpp"

namespace fio::sdk::wire::detail {

inline bool any_series(const std::array<DirectionSeries, 3>& series) noexcept {
    for (const auto& s : series) {
        if (!s.empty()) return true;
    }
    return false;
}

// {"bt": times, "bw": KiB/s, "it": times, "io": IOPS, "ct": times,
//  "cp": percentiles, kSeriesPercentiles.size() a point, point after point}
inline Json series_to_json(const DirectionSeries& s) {
    Json map = Json::object();
    const auto rates = [&](const char* times_key, const char* values_key,
                           const std::vector<SeriesPoint>& points) {
        if (points.empty()) return;
        std::vector<std::uint64_t> times, values;
        for (const auto& p : points) {
            times.push_back(p.time_ms);
            values.push_back(p.value);
        }
        map[times_key] = times;
        map[values_key] = values;
    };
    rates("bt", "bw", s.bw_kib);
    rates("it", "io", s.iops);
    if (!s.clat.empty()) {
        std::vector<std::uint64_t> times, values;
        for (const auto& p : s.clat) {
            times.push_back(p.time_ms);
            values.insert(values.end(), p.ns.begin(), p.ns.end());
        }
        map["ct"] = times;
        map["cp"] = values;
    }
    return map;
}

inline void read_rates(Reader& r, const Json& v, const char* times_key, const char* values_key,
                       std::vector<SeriesPoint>& out) {
    std::vector<std::uint64_t> times, values;
    get(r, v, times_key, times);
    get(r, v, values_key, values);
    if (r.failed()) return;
    if (times.size() != values.size()) return r.fail(values_key, "does not match its times");
    out.resize(times.size());
    for (std::size_t i = 0; i < times.size(); ++i) out[i] = {times[i], values[i]};
}

inline void read_value(Reader& r, const Json& v, DirectionSeries& out, const char* key) {
    if (!v.is_object()) return r.fail(key, "is not a map");
    Reader::Scope scope(r, key);
    read_rates(r, v, "bt", "bw", out.bw_kib);
    read_rates(r, v, "it", "io", out.iops);
    std::vector<std::uint64_t> times, values;
    get(r, v, "ct", times);
    get(r, v, "cp", values);
    if (r.failed()) return;
    constexpr std::size_t per_point = kSeriesPercentiles.size();
    if (values.size() != times.size() * per_point) {
        return r.fail("cp", "does not hold one set of percentiles per time");
    }
    out.clat.resize(times.size());
    for (std::size_t i = 0; i < times.size(); ++i) {
        out.clat[i].time_ms = times[i];
        for (std::size_t p = 0; p < per_point; ++p) out.clat[i].ns[p] = values[i * per_point + p];
    }
}

inline Json all_series_to_json(const std::array<DirectionSeries, 3>& series) {
    Json directions = Json::array();
    for (const auto& s : series) directions.push_back(series_to_json(s));
    return directions;
}

}  // namespace fio::sdk::wire::detail
