// One job's line of fio's terse output, version 3: what stock fio 3.33 prints for
// --minimal / --output-format=terse (the field list is in HOWTO "Terse output").
#pragma once

#include <span>
#include <string>
#include <string_view>

#include <fio/sdk/result.hpp>

namespace fio::outputs::terse {

// The only terse version rendered; the command line refuses the others.
inline constexpr int kTerseVersion = 3;

// The job's line, ending in '\n': version, `fio_version`, jobname, groupid, error, the
// read and write blocks (41 fields each; v3 has no trim block), CPU, I/O depths, latency
// buckets in us and ms (121 fields so far), then 9 fields for each of `disks`, the error
// counts when the job tolerates errors, and the description when it has one.
// `group` is the job's reporting group (for the bandwidth's share of the aggregate),
// or null when unknown.
std::string terse_line(const sdk::JobResult& job, const sdk::GroupResult* group,
                       std::span<const sdk::DiskUtil> disks, std::string_view fio_version);

}  // namespace fio::outputs::terse
