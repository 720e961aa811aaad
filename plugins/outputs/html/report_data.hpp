// The run as the page's script reads it: one JSON document with the machine, the run,
// and per job (per host in a client run) its options, totals, series over time and
// latency histogram, in the units the charts show (IOPS, MiB/s, µs).
#pragma once

#include "machine_info.hpp"

#include <vector>

#include <fio/sdk/result.hpp>
#include <nlohmann/json.hpp>

namespace fio::outputs::html {

struct ReportData {
    const sdk::RunInfo& info;
    const std::vector<sdk::JobResult>& jobs;
    const sdk::RunSummary& summary;
    MachineInfo machine;
};

nlohmann::json report_json(const ReportData& data);

// One direction's latency histogram as [[µs, count], ...]: the buckets with samples,
// ascending, each at the value it stands for (fio's log-linear layout).
nlohmann::json histogram_json(const sdk::LatencyHistogram& histogram);

}  // namespace fio::outputs::html
