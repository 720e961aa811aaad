#include "run/run_report.hpp"

#include "stats/group_totals.hpp"

#include <chrono>
#include <map>

namespace fio::core {
namespace {

std::int64_t epoch_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The results to report: one per thread, or one per group whose jobs asked for
// group_reporting (all its threads merged, as fio does). A stats=0 job is left out of
// both, and so of its group's totals, as stock leaves it.
std::vector<sdk::JobResult> results_to_report(const std::vector<ThreadOutcome>& threads) {
    std::vector<sdk::JobResult> reported;
    std::map<std::uint32_t, std::size_t> merged_group_slot;
    for (const auto& thread : threads) {
        if (!thread.job->measure.stats) continue;
        if (!thread.job->group_reporting) {
            reported.push_back(*thread.result);
            continue;
        }
        auto [slot, fresh] = merged_group_slot.emplace(thread.job->group, reported.size());
        if (fresh) {
            reported.push_back(*thread.result);
        } else {
            reported[slot->second].merge(*thread.result);
        }
    }
    return reported;
}

}  // namespace

void report_results(OutputSet& outputs, const std::vector<ThreadOutcome>& threads,
                    std::uint32_t kb_base, int exit_code, const std::vector<sdk::DiskUtil>& disks,
                    const sdk::CpuIdleness& idleness, sdk::ReportKind kind) {
    const std::vector<sdk::JobResult> reported = results_to_report(threads);
    std::map<std::uint32_t, std::vector<const sdk::JobResult*>> groups;
    for (const auto& result : reported) {
        outputs.job_finished(result);
        groups[result.groupid].push_back(&result);
    }
    for (const auto& [groupid, members] : groups) {
        outputs.group_finished(compute_group_totals(groupid, members, kb_base));
    }
    for (const auto& disk : disks) outputs.disk_util(disk);
    sdk::RunSummary summary;
    summary.exit_code = exit_code;
    summary.end_epoch_ms = epoch_ms();
    summary.idleness = idleness;
    summary.kind = kind;
    outputs.run_finished(summary);
}

}  // namespace fio::core
