#include "run/runner.hpp"

#include "jobs/given_flag.hpp"
#include "run/disk_watch.hpp"
#include "run/exit_rules.hpp"
#include "run/flow_control.hpp"
#include "run/run_metrics.hpp"
#include "run/run_report.hpp"
#include "run/run_trigger.hpp"
#include "run/job_thread.hpp"
#include "run/run_plan.hpp"
#include "run/steady_state.hpp"
#include "run/zbd_setup.hpp"
#include "stats/result_delta.hpp"
#include "stats/disk_usage.hpp"
#include "stats/group_totals.hpp"
#include "workload/block_size_chooser.hpp"

#include <fio/sdk/version.hpp>

#include <fio/sdk/clock.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace fio::core {

using sdk::monotonic_ns;
namespace {

std::int64_t epoch_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

sdk::RunInfo describe_run(const std::vector<JobSpec>& jobs, std::size_t threads) {
    sdk::RunInfo info;
    info.fio_version = fmt::format("fio-{}", sdk::kFioVersion);
    info.start_epoch_ms = epoch_ms();
    info.total_threads = static_cast<std::uint32_t>(threads);
    for (const auto& job : jobs) {
        // Every global option any job got, once, the latest value winning.
        for (const auto& [name, value] : job.global_given) {
            auto& globals = info.global_options;
            const auto same = [&](const auto& entry) { return entry.first == name; };
            if (auto it = std::find_if(globals.begin(), globals.end(), same); it != globals.end()) {
                it->second = value;
            } else {
                globals.emplace_back(name, value);
            }
        }
        sdk::JobDescription d;
        d.name = job.name;
        d.groupid = job.group;
        d.clones = job.numjobs;
        d.rw = to_string(job.rw);
        for (int dir = 0; dir < 3; ++dir) {
            const BlockSizeRule rule = block_size_rule(job, dir);
            d.bs_min[dir] = rule.min;
            d.bs_max[dir] = rule.max;
        }
        d.ioengine = job.ioengine;
        d.iodepth = job.iodepth;
        d.as_threads = given_flag(job, "thread").value_or(false);
        info.jobs.push_back(std::move(d));
    }
    return info;
}

// Tracks progress between status updates to turn counters into rates.
class StatusSampler {
public:
    explicit StatusSampler(std::uint64_t start_ns) : start_ns_(start_ns), last_ns_(start_ns) {}

    sdk::StatusUpdate sample(const std::vector<std::unique_ptr<JobThread>>& threads) {
        const std::uint64_t now = monotonic_ns();
        sdk::StatusUpdate update;
        update.elapsed_ms = (now - start_ns_) / 1'000'000;
        std::array<std::uint64_t, 3> bytes{};
        std::array<std::uint64_t, 3> ios{};
        double fraction_sum = 0;
        double eta_s = 0;
        for (const auto& thread : threads) {
            const LiveProgress& live = thread->live();
            const char state = live.state.load(std::memory_order_relaxed);
            update.job_states += state;
            const bool running = state != 'P' && state != 'E';
            if (running) {
                ++update.jobs_running;
                update.files_open += static_cast<std::uint32_t>(
                    std::max<std::size_t>(1, thread->plan().paths.size()));
            }
            std::uint64_t done = 0;
            for (int dir = 0; dir < 3; ++dir) {
                bytes[dir] += live.bytes[dir].load(std::memory_order_relaxed);
                ios[dir] += live.ios[dir].load(std::memory_order_relaxed);
                done += live.bytes[dir].load(std::memory_order_relaxed);
            }
            const double fraction = done_fraction(*thread, done, now, state);
            fraction_sum += fraction;
            if (running && fraction > 0 && fraction < 1) {
                const double elapsed_s = static_cast<double>(now - start_ns_) / 1e9;
                eta_s = std::max(eta_s, elapsed_s * (1 - fraction) / fraction);
            }
        }
        update.percent_done = threads.empty() ? 100 : 100 * fraction_sum / threads.size();
        update.eta_s = static_cast<std::int64_t>(eta_s + 0.5);
        const double window_s = static_cast<double>(now - last_ns_) / 1e9;
        for (int dir = 0; dir < 3; ++dir) {
            if (window_s > 0) {
                update.bw_bytes[dir] =
                    static_cast<std::uint64_t>((bytes[dir] - last_bytes_[dir]) / window_s);
                update.iops[dir] = static_cast<std::uint64_t>((ios[dir] - last_ios_[dir]) / window_s);
            }
        }
        last_bytes_ = bytes;
        last_ios_ = ios;
        last_ns_ = now;
        return update;
    }

private:
    double done_fraction(const JobThread& thread, std::uint64_t done_bytes, std::uint64_t now,
                         char state) const {
        if (state == 'E') return 1;
        const JobSpec& job = *thread.plan().job;
        const double by_time =
            job.runtime_ns ? static_cast<double>(now - start_ns_) / static_cast<double>(job.runtime_ns)
                           : 0;
        if (job.time_based) return std::min(1.0, by_time);
        const std::uint64_t planned =
            thread.plan().bytes_per_file * std::max<std::size_t>(1, thread.plan().paths.size());
        const double by_bytes = planned ? static_cast<double>(done_bytes) / planned : 1;
        return std::min(1.0, std::max(by_bytes, by_time));
    }

    std::uint64_t start_ns_;
    std::uint64_t last_ns_;
    std::array<std::uint64_t, 3> last_bytes_{};
    std::array<std::uint64_t, 3> last_ios_{};
};

// For each plan, the plans that must have ended before it starts: every earlier one
// for a stonewall, the named job's clones for wait_for.
std::vector<std::vector<std::size_t>> start_dependencies(const std::vector<ThreadPlan>& plans) {
    std::vector<std::vector<std::size_t>> depends(plans.size());
    for (std::size_t i = 0; i < plans.size(); ++i) {
        const JobSpec& job = *plans[i].job;
        for (std::size_t earlier = 0; earlier < i; ++earlier) {
            const JobSpec& other = *plans[earlier].job;
            if (&other == &job) continue;  // clones of one job start together
            if (job.stonewall || (!job.wait_for.empty() && other.name == job.wait_for)) {
                depends[i].push_back(earlier);
            }
        }
    }
    return depends;
}

// How long an interim report waits for the running threads to copy their results:
// they do at their next sampling tick, at most 500 ms away while they do I/O.
constexpr auto kSnapshotWait = std::chrono::milliseconds(700);

// The interim report of --status-interval and SIGUSR1: every thread that started,
// finished ones as they ended, running ones as of their latest copy. With `deltas`
// (--status-interval-mode=delta) each thread's numbers since the previous report.
void report_interim(OutputSet& outputs, std::vector<std::unique_ptr<JobThread>>& threads,
                    const std::vector<bool>& started, const std::vector<bool>& finished,
                    std::uint64_t run_start_ns, std::uint32_t kb_base, ResultDeltas* deltas) {
    for (std::size_t i = 0; i < threads.size(); ++i) {
        if (started[i] && !finished[i]) threads[i]->live().snapshot.wanted.store(true, std::memory_order_release);
    }
    const auto deadline = std::chrono::steady_clock::now() + kSnapshotWait;
    for (std::size_t i = 0; i < threads.size(); ++i) {
        while (threads[i]->live().snapshot.wanted.load(std::memory_order_acquire) &&
               threads[i]->live().state.load(std::memory_order_relaxed) != 'E' &&
               std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    std::vector<sdk::JobResult> copies;
    copies.reserve(threads.size());
    std::vector<ThreadOutcome> outcomes;
    for (std::size_t i = 0; i < threads.size(); ++i) {
        if (!started[i]) continue;
        const JobSpec* job = threads[i]->plan().job;
        if (finished[i]) {
            if (deltas) {
                copies.push_back(deltas->since_previous(i, threads[i]->result()));
                outcomes.push_back({job, &copies.back()});
            } else {
                outcomes.push_back({job, &threads[i]->result()});
            }
            continue;
        }
        ResultSnapshot& snapshot = threads[i]->live().snapshot;
        sdk::JobResult copy;
        {
            std::lock_guard lock(snapshot.mutex);
            copy = snapshot.result;
        }
        fold_mixed_directions(copy);
        copy.end_time_epoch_s = epoch_ms() / 1000;
        copy.elapsed_s = (monotonic_ns() - run_start_ns + 999'999'999) / 1'000'000'000;
        copies.push_back(deltas ? deltas->since_previous(i, copy) : std::move(copy));
        outcomes.push_back({job, &copies.back()});
    }
    const auto kind = deltas ? sdk::ReportKind::interim_delta : sdk::ReportKind::interim_cumulative;
    if (!outcomes.empty()) report_results(outputs, outcomes, kb_base, 0, {}, {}, kind);
}

}  // namespace

int run_jobs(const RunRequest& request) {
    const std::vector<JobSpec>& jobs = *request.jobs;
    OutputSet& outputs = *request.outputs;
    std::vector<ThreadPlan> plans = plan_threads(jobs, *request.registry);
    attach_steady_state(plans);
    attach_flows(plans);
    const auto depends = start_dependencies(plans);

    outputs.run_started(describe_run(jobs, plans.size()));
    // Like stock, the disks' window opens before the files are laid out.
    const DiskUsage disk_usage(devices_under(plans));
    const auto log_info = [&](const std::string& line) { outputs.log_line(sdk::LogLevel::info, line); };
    prepare_files(plans, log_info);
    plan_zbd_zones(plans, log_info);

    // Calibrated before the jobs start, so that they do not disturb it.
    std::unique_ptr<IdleProfiler> idle_profiler;
    if (request.idle_prof == IdleProfMode::system || request.idle_prof == IdleProfMode::percpu) {
        try {
            idle_profiler = std::make_unique<IdleProfiler>(request.idle_prof);
        } catch (const IdleProfError& e) {
            throw RunSetupError(e.what());
        }
    }

    std::mutex mutex;
    std::condition_variable finished_cv;
    std::vector<bool> finished(plans.size(), false);
    std::size_t finished_count = 0;
    const std::uint64_t start_ns = monotonic_ns();
    // Job threads log (exec_prerun's lines) while this thread reports status.
    std::mutex output_mutex;
    const auto thread_log = [&](const std::string& line) {
        const std::lock_guard guard(output_mutex);
        log_info(line);
    };
    std::vector<std::unique_ptr<JobThread>> threads;
    threads.reserve(plans.size());
    for (std::size_t i = 0; i < plans.size(); ++i) {
        threads.push_back(std::make_unique<JobThread>(std::move(plans[i]), start_ns, *request.stop, [&, i] {
            std::lock_guard lock(mutex);
            finished[i] = true;
            ++finished_count;
            finished_cv.notify_all();
        }));
        threads.back()->log_with(thread_log);
    }

    RunTrigger trigger(request.trigger_file, request.trigger_timeout_ms, request.trigger_command, start_ns);
    if (idle_profiler) idle_profiler->start();
    StatusSampler sampler(start_ns);
    std::optional<RunMetrics> metrics;
    if (request.metrics) metrics.emplace(*request.metrics, threads);
    std::optional<ResultDeltas> deltas;
    if (request.report_deltas) deltas.emplace(threads.size());
    bool reported_interim = false;
    std::vector<bool> started(threads.size(), false);
    std::vector<bool> exit_rules_applied(threads.size(), false);
    const auto status_period = std::chrono::milliseconds(request.status_period_ms);
    const auto report_period = std::chrono::milliseconds(request.report_interval_ms);
    auto next_status = std::chrono::steady_clock::now() + status_period;
    auto next_report = std::chrono::steady_clock::now() + report_period;
    const auto report_due = [&] {
        if (request.report_requested && request.report_requested->exchange(false)) return true;
        if (request.report_interval_ms == 0 || std::chrono::steady_clock::now() < next_report) return false;
        next_report += report_period;
        return true;
    };
    std::unique_lock lock(mutex);
    while (finished_count < threads.size()) {
        for (std::size_t i = 0; i < threads.size(); ++i) {
            if (!finished[i] || exit_rules_applied[i]) continue;
            exit_rules_applied[i] = true;
            end_jobs_after(i, threads, started, finished);
        }
        end_jobs_waiting_for_io(threads, finished);
        std::vector<std::size_t> ready;
        for (std::size_t i = 0; i < threads.size(); ++i) {
            if (started[i]) continue;
            if (std::all_of(depends[i].begin(), depends[i].end(),
                            [&](std::size_t d) { return finished[d]; })) {
                ready.push_back(i);
            }
        }
        for (const std::size_t i : ready) threads[i]->join_flow();
        const auto gate = ready.empty() ? nullptr : std::make_shared<StartGate>(ready.size());
        for (const std::size_t i : ready) {
            started[i] = true;
            threads[i]->start(gate);
        }
        const std::size_t seen = finished_count;
        // Wake for the next progress update, the next report, or (at least every 100 ms
        // when SIGUSR1 may ask) a report wanted now.
        auto wake = next_status;
        if (request.report_interval_ms) wake = std::min(wake, next_report);
        if (request.report_requested || trigger.armed()) {
            wake = std::min(wake, std::chrono::steady_clock::now() + std::chrono::milliseconds(100));
        }
        finished_cv.wait_until(lock, wake, [&] { return finished_count != seen; });
        if (trigger.check(monotonic_ns(), stderr)) request.stop->store(true);
        if (report_due()) {
            const std::vector<bool> finished_now = finished;
            lock.unlock();
            report_interim(outputs, threads, started, finished_now, start_ns, jobs.front().kb_base,
                           deltas ? &*deltas : nullptr);
            reported_interim = true;
            lock.lock();
        }
        if (std::chrono::steady_clock::now() >= next_status) {
            const std::vector<bool> finished_now = finished;
            lock.unlock();
            const sdk::StatusUpdate update = sampler.sample(threads);
            if (metrics) metrics->publish(threads, started, finished_now, update);
            {
                const std::lock_guard guard(output_mutex);
                outputs.status(update);
            }
            if (request.progress) request.progress->update(update);
            lock.lock();
            next_status += status_period;
        }
    }
    lock.unlock();
    for (auto& thread : threads) thread->join();
    if (metrics) metrics->publish(threads, started, finished, sampler.sample(threads));  // the final numbers
    const sdk::CpuIdleness idleness = idle_profiler ? idle_profiler->stop() : sdk::CpuIdleness{};
    if (trigger.fired()) trigger.run_command(stderr);  // the jobs' state files are written
    const std::vector<sdk::DiskUtil> disks = disk_usage.finish();
    if (request.progress) request.progress->finish();
    if (request.stopped && request.stop->load()) request.stopped();

    int exit_code = 0;
    for (const auto& thread : threads) {
        const sdk::JobResult& result = thread->result();
        if (result.error != 0 && !result.error_tolerated) {
            exit_code = 1;
            std::fprintf(stderr, "fio: job '%s': %s\n", result.name.c_str(), result.error_text.c_str());
        }
    }
    if (request.latency_report) {
        LatencySlices merged;
        for (const auto& thread : threads) merged.merge(thread->latency_slices());
        outputs.log_line(sdk::LogLevel::info, request.latency_report(merged));
    }
    // Delta mode: the last interval (since the previous report, up to the end) gets its
    // report too, so that the intervals add up to the final report's totals.
    if (deltas && (request.report_interval_ms != 0 || reported_interim)) {
        report_interim(outputs, threads, started, finished, start_ns, jobs.front().kb_base, &*deltas);
    }
    std::vector<ThreadOutcome> outcomes;
    for (const auto& thread : threads) outcomes.push_back({thread->plan().job, &thread->result()});
    report_results(outputs, outcomes, jobs.front().kb_base, exit_code, disks, idleness);
    return exit_code;
}

}  // namespace fio::core
