// Hands a run's results to the outputs as one report: every reported job, every
// group's totals, then the end of the report. The final report at the end of a run and
// the interim ones of --status-interval (and SIGUSR1) go through here alike, so each
// sink renders a complete report each time (one whole JSON document, terse lines, the
// normal text), as stock prints them.
#pragma once

#include "jobs/job_spec.hpp"
#include "outputs/output_set.hpp"

#include <fio/sdk/result.hpp>

#include <vector>

namespace fio::core {

// One thread's result and the job it ran.
struct ThreadOutcome {
    const JobSpec* job = nullptr;
    const sdk::JobResult* result = nullptr;
};

// group_reporting merges a group's threads into one result, as fio does. The disks'
// statistics come after the groups, as stock prints them, and the CPU idleness
// (--idle-prof) after them. `kind` tells the sinks which report this is (RunSummary).
void report_results(OutputSet& outputs, const std::vector<ThreadOutcome>& threads,
                    std::uint32_t kb_base, int exit_code,
                    const std::vector<sdk::DiskUtil>& disks = {},
                    const sdk::CpuIdleness& idleness = {},
                    sdk::ReportKind kind = sdk::ReportKind::final_report);

}  // namespace fio::core
