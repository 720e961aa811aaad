// The `json` and `json+` outputs: fio's JSON document, for scripts.
#pragma once

#include <memory>

#include <fio/sdk/output.hpp>

namespace fio::outputs::json {

// A sink that writes one JSON document to `setup.stream` when the run finishes, laid
// out like stock fio's (--output-format=json). It collects the jobs, groups and disks
// until then, because a job's "bw_agg" needs its group's totals. Throws
// std::invalid_argument without a stream.
std::unique_ptr<sdk::OutputSink> make_json_sink(const sdk::OutputSetup& setup);

// The same for --output-format=json+: each latency block with percentiles also carries
// its histogram's non-empty buckets ("bins"), as stock fio's json+ does.
std::unique_ptr<sdk::OutputSink> make_json_plus_sink(const sdk::OutputSetup& setup);

}  // namespace fio::outputs::json
