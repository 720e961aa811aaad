// One job thread: creates its engine instance, opens its files, allocates its
// buffers and I/O units, runs the I/O loop, and fills its JobResult.
#pragma once

#include "run/flow_control.hpp"
#include "run/job_environment.hpp"
#include "run/latency_slices.hpp"
#include "run/start_gate.hpp"
#include "run/thread_plan.hpp"

#include <fio/sdk/engine.hpp>
#include <fio/sdk/result.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace fio::core {

// unified_rw_reporting=mixed: the directions summed into the first, as stock reports.
void fold_mixed_directions(sdk::JobResult& result);

class JobThread {
public:
    // `on_exit` runs on the job thread when it is done (however it ended).
    JobThread(ThreadPlan plan, std::uint64_t run_start_ns, const std::atomic<bool>& stop,
              std::function<void()> on_exit);
    JobThread(const JobThread&) = delete;
    JobThread& operator=(const JobThread&) = delete;

    // Counts this job in its flow (flow_control.hpp) from now on; start() does it too.
    // The runner has every job that starts at one moment join before any starts, so
    // none of them runs unthrottled while the others are not counted yet.
    void join_flow() noexcept { flow_.join(); }
    // Where the job's informational lines go (exec_prerun's "Saving output ..."); it is
    // called from the job thread, so it must be safe to call from any thread.
    void log_with(InfoLog log) { log_ = std::move(log); }
    // Starts the thread; it begins its I/O once everyone `gate` holds is set up (null:
    // at once).
    void start(std::shared_ptr<StartGate> gate = nullptr);
    void join();
    // Ends this job early (exitall): it stops taking I/Os, or never starts them.
    void terminate() noexcept { terminate_.store(true, std::memory_order_relaxed); }
    // The engine asked to end with the run's I/O jobs (sdk::EngineRequests); known once
    // the thread created it.
    bool ends_with_io_jobs() const noexcept {
        return ends_with_io_jobs_.load(std::memory_order_relaxed);
    }

    const ThreadPlan& plan() const noexcept { return plan_; }
    const LiveProgress& live() const noexcept { return live_; }
    LiveProgress& live() noexcept { return live_; }
    // Valid after join().
    const sdk::JobResult& result() const noexcept { return result_; }
    sdk::JobResult& result() noexcept { return result_; }
    // --profile=act's latency slices of this thread (none for other jobs); after join().
    const LatencySlices& latency_slices() const noexcept { return latency_slices_; }

private:
    void run() noexcept;
    void run_or_throw();
    void wait_start_delay(const JobSpec& job);
    // unlink_each_loop: deletes the job's regular files and opens new, empty ones under
    // the same names (engine re-registration included). False, with the error recorded
    // in the result, when that fails.
    bool renew_files(std::vector<sdk::FileHandle>& files, sdk::Engine& engine);

    ThreadPlan plan_;
    std::uint64_t run_start_ns_;
    const std::atomic<bool>& stop_;
    std::atomic<bool> terminate_{false};
    std::atomic<bool> ends_with_io_jobs_{false};
    std::function<void()> on_exit_;
    InfoLog log_ = [](const std::string&) {};
    sdk::JobResult result_;
    LiveProgress live_;
    LatencySlices latency_slices_;
    FlowMember flow_;
    std::shared_ptr<StartGate> gate_;
    std::thread thread_;
};

}  // namespace fio::core
