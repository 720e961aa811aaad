// Everything one job thread (one clone of a job) needs to run, resolved up front so
// that nothing can fail for a reason the user could have been told before start.
#pragma once

#include "jobs/job_spec.hpp"
#include "options/plugin_option_values.hpp"
#include "plugins/plugin_loader.hpp"

#include <fio/sdk/result.hpp>

#include <sys/resource.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace fio::core {

class SteadyState;
class ZbdZones;
struct Flow;
struct ReplayPlan;

struct ThreadPlan {
    const JobSpec* job = nullptr;
    std::uint32_t clone_index = 0;          // 0..numjobs-1
    std::uint32_t thread_number = 0;        // 1.. across the run, in job order (log file names)
    std::vector<std::string> paths;         // empty for diskless engines
    std::uint64_t bytes_per_file = 0;       // the region each file contributes to a pass
    std::uint64_t file_offset = 0;          // where that region starts in each file
    // offset=N% of a file an earlier job of the run writes: resolved when the job starts
    // (run/start_offset.hpp), from the file as that job left it, as stock resolves it.
    bool offset_percent_at_start = false;
    std::shared_ptr<LoadedPlugin> engine_plugin;
    std::shared_ptr<const PluginOptionValues> engine_options;
    std::uint64_t buffer_seed = 0;          // this clone's write buffer contents (buffer_plan)
    std::shared_ptr<const std::vector<std::uint64_t>> dedupe_working_set;
    std::vector<std::uint32_t> cpus;        // CPUs the thread runs on; empty: any (placement)
    std::shared_ptr<SteadyState> steady_state;  // null: no steady-state detection
    std::vector<std::shared_ptr<ZbdZones>> zbd;  // zonemode=zbd: each file's zones
    std::shared_ptr<Flow> flow;             // null: not flow-controlled (flow_control.hpp)
    std::shared_ptr<ReplayPlan> replay;     // read_iolog: the log and the job as replayed
};

// Counters a job thread publishes for the progress line. Only the job thread writes
// them (relaxed stores: plain moves on x86); the status ticker reads.
// --status-interval and SIGUSR1: the runner sets `wanted`; the job thread copies its
// result at its next sampling tick (every 500 ms in the I/O loop, off the per-I/O path),
// so the copy is consistent, and clears `wanted`.
struct ResultSnapshot {
    std::atomic<bool> wanted{false};
    std::mutex mutex;
    sdk::JobResult result;  // guarded by mutex: the blank result until the first copy
    rusage usage_before{};  // the thread's CPU use when its I/O began (set before)
};

// The calling thread's CPU use (user, system, context switches, faults) since `before`,
// into the result: the job thread calls it at the end, and for each snapshot.
inline void record_thread_cpu_use(sdk::JobResult& result, const rusage& before) noexcept {
    rusage now{};
    ::getrusage(RUSAGE_THREAD, &now);
    const auto ns = [](const timeval& t) {
        return static_cast<std::uint64_t>(t.tv_sec) * 1'000'000'000 + static_cast<std::uint64_t>(t.tv_usec) * 1000;
    };
    result.usr_cpu_ns = ns(now.ru_utime) - ns(before.ru_utime);
    result.sys_cpu_ns = ns(now.ru_stime) - ns(before.ru_stime);
    result.ctx = static_cast<std::uint64_t>((now.ru_nvcsw - before.ru_nvcsw) + (now.ru_nivcsw - before.ru_nivcsw));
    result.majf = static_cast<std::uint64_t>(now.ru_majflt - before.ru_majflt);
    result.minf = static_cast<std::uint64_t>(now.ru_minflt - before.ru_minflt);
}

struct LiveProgress {
    std::array<std::atomic<std::uint64_t>, 3> bytes{};
    std::array<std::atomic<std::uint64_t>, 3> ios{};
    std::atomic<char> state{'P'};  // fio's letters: P setup, r/R/w/W/m/M running, E exited
    ResultSnapshot snapshot;
};

}  // namespace fio::core
