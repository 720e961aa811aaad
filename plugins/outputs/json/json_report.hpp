// The pieces of fio's JSON document, with stock fio 3.33's keys in stock order.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <fio/sdk/result.hpp>

#include "json_writer.hpp"

namespace fio::outputs::json {

using OptionList = std::vector<std::pair<std::string, std::string>>;

// --output-format=json or json+. json+ is the same document plus, in every latency
// block that lists percentiles, the histogram behind them ("bins").
enum class JsonFlavor { json, json_plus };

// {"<bucket value in ns>": count, ...} for the non-empty buckets of `histogram`, in
// bucket order: the "bins" of json+, which fio_jsonplus_clat2csv reads back.
Json histogram_bins_json(const sdk::LatencyHistogram& histogram);

// {"name" : "value", ...} for "job options" / "global options". fio leaves out options
// that have no value (flags such as `thread`), so this does too.
Json options_json(const OptionList& options);

// One element of "jobs": jobname, groupid, error, ..., read/write/trim/sync blocks, CPU,
// depth and latency distributions. `group` is the job's reporting group (for "bw_agg"),
// or null when unknown. A host's job of a client run (client_host set) ends with its
// server's "hostname" and "port" (0 for a unix socket), as stock's client_stats.
Json job_json(const sdk::JobResult& job, const sdk::GroupResult* group,
              JsonFlavor flavor = JsonFlavor::json);

// One element of "disk_util".
Json disk_util_json(const sdk::DiskUtil& disk);

// What the whole document is made of; jobs and disks already rendered.
struct RunDocument {
    std::string fio_version;  // "fio-3.33"
    std::int64_t end_epoch_ms = 0;
    OptionList global_options;
    std::vector<Json> jobs;
    std::vector<Json> disks;
    bool client_run = false;  // the jobs came from servers (fio --client)
    Json idleness;            // "cpu_idleness" (--idle-prof), null when not measured
};

// --idle-prof's "cpu_idleness": system, cpu-N for percpu, unit_mean, unit_stddev.
Json idleness_json(const sdk::CpuIdleness& idleness);

// The whole document: "fio version", "timestamp", "timestamp_ms", "time",
// "global options" (when any), "jobs" ("client_stats" in a client run), and "disk_util"
// (when any disk was watched), "cpu_idleness" (with --idle-prof).
Json run_json(const RunDocument& run);

}  // namespace fio::outputs::json
