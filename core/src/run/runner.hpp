// Runs a list of jobs to the end and reports them: plans and checks everything,
// lays out files, starts one thread per clone, sends a status update about once a
// second, then hands every result to the outputs.
#pragma once

#include "jobs/job_spec.hpp"
#include "metrics/metrics_board.hpp"
#include "outputs/output_set.hpp"
#include "plugins/plugin_registry.hpp"
#include "run/latency_slices.hpp"
#include "run/idle_profiler.hpp"

#include <fio/sdk/result.hpp>

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace fio::core {

// Something that shows live progress (the terminal status line).
class ProgressObserver {
public:
    virtual ~ProgressObserver() = default;
    virtual void update(const sdk::StatusUpdate& update) = 0;
    virtual void finish() = 0;
};

struct RunRequest {
    const std::vector<JobSpec>* jobs = nullptr;
    PluginRegistry* registry = nullptr;
    OutputSet* outputs = nullptr;
    ProgressObserver* progress = nullptr;  // may be null
    std::atomic<bool>* stop = nullptr;  // set to end every job early (Ctrl-C, a trigger)
    // Set (SIGUSR1) to print the full report once, now; the runner clears it. May be null.
    std::atomic<bool>* report_requested = nullptr;
    std::uint64_t status_period_ms = 1000;   // progress updates (--eta-interval)
    std::uint64_t report_interval_ms = 0;    // --status-interval: full report this often
    // --status-interval-mode=delta: each interim report (and a last one for the tail of
    // the run, before the final report) shows only what happened since the previous.
    bool report_deltas = false;
    // --profile=act: the text printed once every job has ended, before the report, from
    // the run's latency slices (every thread's merged). Empty: none.
    std::function<std::string(const LatencySlices& run)> latency_report;
    IdleProfMode idle_prof = IdleProfMode::none;  // --idle-prof=system or percpu
    // --trigger-file / --trigger-timeout: when the file appears or the time (from the
    // start of the run) passes, every job ends, as at a stop, and then the trigger
    // command runs (after the jobs' verify state files are written).
    std::string trigger_file;
    std::uint64_t trigger_timeout_ms = 0;    // 0: none
    std::string trigger_command;             // --trigger: run by /bin/sh; "" for none
    // Called once when the jobs have ended after a stop (*stop set), before the report.
    std::function<void()> stopped;
    // --metrics-listen: where each status tick publishes the jobs' numbers; null: none.
    MetricsBoard* metrics = nullptr;
};

// Returns fio's exit code: 0 when every job succeeded, 1 otherwise. Throws
// RunSetupError (before any job starts) for anything wrong with the jobs.
int run_jobs(const RunRequest& request);

}  // namespace fio::core
