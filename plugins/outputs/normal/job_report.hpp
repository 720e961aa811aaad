// One job's block of fio's text report, from "name: (groupid=0, jobs=1): err= 0: ..."
// down to "     latency   : target=0, ...".
#pragma once

#include <cstdint>
#include <string>

#include <fio/sdk/result.hpp>

namespace fio::outputs::normal {

// The block for `job`. `group` is the job's reporting group (its aggregate bandwidth
// gives the "per=" of the bw lines), or null when unknown. `kb_base` (1024 or 1000;
// 0 means 1024) picks the primary unit base. Empty when the job moved no data and issued no I/O,
// which fio does not report.
std::string job_report(const sdk::JobResult& job, const sdk::GroupResult* group,
                       std::uint32_t kb_base);

}  // namespace fio::outputs::normal
