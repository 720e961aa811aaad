// The per-thread I/O loop: keeps up to iodepth I/Os in flight through the engine,
// timestamps them and accounts every completion. This is the hot path: no
// allocation, lock or system call of its own per I/O (clock reads go through the vDSO).
#pragma once

#include "logs/job_logs.hpp"
#include "run/error_policy.hpp"
#include "run/file_locks.hpp"
#include "run/flow_control.hpp"
#include "run/io_clock.hpp"
#include "run/latency_slices.hpp"
#include "run/latency_target.hpp"
#include "run/overlap_guard.hpp"
#include "run/pacer.hpp"
#include "run/priority_latency.hpp"
#include "run/series_recorder.hpp"
#include "run/sync_schedule.hpp"
#include "run/thread_plan.hpp"
#include "workload/block_size_chooser.hpp"
#include "workload/buffer_filler.hpp"
#include "workload/file_chooser.hpp"
#include "workload/offset_generator.hpp"
#include "workload/rng.hpp"
#include "workload/strided_zones.hpp"
#include "workload/zbd_zones.hpp"

#include <fio/sdk/engine.hpp>
#include <fio/sdk/result.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace fio::core {

// How an I/O failed: the engine gave an error code, or the I/O completed having moved
// no bytes at all (reported as EIO).
enum class IoFailure { error_code, nothing_transferred };

class Verifier;
class CacheHints;
class SteadyState;
class IoLogWriter;
class ReplaySource;

class IoLoop {
public:
    // `units` are ready (buffers attached); `files` are open. Everything is borrowed.
    IoLoop(const JobSpec& job, sdk::Engine& engine, std::vector<sdk::FileHandle>& files,
           std::vector<sdk::IoUnit>& units, std::uint64_t bytes_per_file,
           std::uint64_t file_offset, std::uint64_t seed,
           sdk::JobResult& result, LiveProgress& live, const std::atomic<bool>& stop,
           const std::atomic<bool>& terminate);

    // The job's log files, fed per I/O; none by default.
    void attach_logs(JobLogs* logs) noexcept { logs_ = logs; }

    // The engine keeps no data (kEngineDiscardsData): verify reads pass unchecked.
    void engine_discards_data() noexcept;

    // Runs until the workload is done, runtime expires, `stop` (the whole run) or
    // `terminate` (this job, by exitall) is set or an error
    // ends the job (recorded in the result). Returns the I/O phase duration in ns.
    std::uint64_t run();
    ~IoLoop();

    // Polls `detector` at each sampling tick and ends the job once it reports steady
    // state; its final picture goes into the result. Null: no detection.
    void watch_steady_state(SteadyState* detector) noexcept { steady_state_ = detector; }

    // --profile=act: every I/O's total latency is counted into `slices`. Null: none.
    void count_latency_slices(LatencySlices* slices) noexcept { latency_slices_ = slices; }

    // zonemode=zbd: `zones[i]` are the zones of file i, shared with the run's other
    // jobs; every I/O is moved to where they let it go (workload/zbd_zones.hpp).
    void use_zbd_zones(const std::vector<std::shared_ptr<ZbdZones>>& zones);
    // Zones this job reset (zonemode=zbd).
    std::uint64_t zone_resets() const noexcept;
    // Issues an I/O only when `member` (borrowed) is within its flow's share.
    void control_flow(FlowMember* member) noexcept { flow_ = member; }
    // unlink_each_loop: between two loops, once nothing is in flight, `renew` deletes
    // and re-creates the job's files (false: it failed and recorded why; the job ends).
    void renew_files_between_loops(std::function<bool()> renew) { renew_files_ = std::move(renew); }

    // At every new pass over the files, `hints` (borrowed) drops their cached pages and
    // repeats the access hint as stock does (run/cache_hints.hpp). Null: nothing.
    void tell_cache_at_each_pass(CacheHints* hints) noexcept { cache_hints_ = hints; }
    // write_iolog: every I/O handed to the engine is recorded by `writer` (borrowed).
    void record_ios_in(IoLogWriter* writer) noexcept { iolog_ = writer; }
    // lockfile: each I/O is handed to the engine holding its file's lock in `locks`
    // (borrowed; ignored when it is not active).
    void lock_files_with(FileLocks* locks) noexcept {
        file_locks_ = locks != nullptr && locks->active() ? locks : nullptr;
    }
    // read_iolog: the I/Os come from `source` (borrowed) instead of the workload.
    void replay_from(ReplaySource* source) noexcept { replay_ = source; }

    // The job's verifier (verify_state_save/load go through it); null without verify=.
    Verifier* verifier() noexcept { return verify_.get(); }

    // Writes get their buffers refilled or scrambled by `filler` (borrowed) first.
    void fill_writes_with(BufferFiller* filler) noexcept { buffer_filler_ = filler; }

    // Counts each completion also under the priority it carried when the job's I/Os can
    // carry several (cmdprio options of `engine_options`, borrowed for the call).
    void keep_priority_latencies(const sdk::OptionValues* engine_options);

    // The engine moves no data (sdk::kEngineNoData, cpuio): its I/Os count with no
    // bytes, and the job goes on until runtime= or number_ios= ends it.
    // The engine was built against plugin ABI 1.5 or later: a failed I/O's error line
    // asks it for its own words (sdk::Engine::io_error_text).
    void ask_engine_to_explain_errors() noexcept { engine_explains_errors_ = true; }

    void count_no_bytes() noexcept {
        moves_data_ = false;
        endless_ = true;
    }

private:
    bool prepare_next(sdk::IoUnit& unit) noexcept;
    // The pass over file `index` is done. Where stock's files wrap one by one (the
    // non-uniform file_service_type, and time_based random I/O whose files are not
    // served in turn) it starts again: true with its next offset when the I/O goes on in
    // it at once. Otherwise the file waits for the next pass over all of them.
    bool start_file_pass(std::size_t index, std::uint64_t& offset,
                         unsigned random_share) noexcept;
    // read_iolog (io_loop_replay.cpp): the next I/O of the log; false at its end.
    bool next_replayed(sdk::IoUnit& unit) noexcept;
    // read_iolog: what holds the next I/O of the log back at `now` (its pause).
    PacingHold replay_hold(std::uint64_t now) noexcept;
    // The next I/O of the workload, starting a new pass over the region when the job
    // (time_based, io_size, loops) wants more than one; false when the job is done.
    bool next_io(sdk::IoUnit& unit) noexcept;
    sdk::IoDirection pick_direction() noexcept;
    // trimwrite: the write of the block the last trim covered.
    void write_after_trim(sdk::IoUnit& unit) noexcept;
    // zonemode=strided: the next I/O from the zone walker (one file only).
    bool prepare_zoned(sdk::IoUnit& unit) noexcept;
    // zonemode=zbd: moves the I/O the generator of file `index` chose into the zones
    // and settles it with the generator; false when the zones allow no more I/O.
    bool place_in_zbd_zones(std::size_t index, sdk::IoUnit& unit, std::uint64_t offset,
                            std::uint64_t length, bool random) noexcept;
    // zonemode=zbd: the zones allowed no more I/O; ends the loop (and starts the next);
    // false when the job has no loop left.
    bool end_loop_at_zone_eof() noexcept;
    // True once, when a new loop began and something is due between loops first
    // (end_fsync or fsync_on_close, unlink_each_loop): the loop drains, then
    // between_loops() runs.
    bool loop_break_due() noexcept;
    // The work between two loops, nothing in flight; false when the job must end.
    bool between_loops();
    // end_fsync / fsync_on_close: fsync(2) of every file, at the end of each loop and
    // when the workload ends, inside the measured time as in stock (which fsyncs at the
    // end of its do_io and when it closes a file, which it does at every loop).
    void sync_written_files() noexcept;
    // Starts a new loop when the current one has moved its bytes, or when a pass ended
    // and a loop is one pass (as in fio: a loop that reached the end of the file ends
    // unless io_size asks for more). False when the job has no loop left.
    bool start_loop_if_due(bool pass_ended) noexcept;
    // New passes over the files (or zones) from their start.
    void restart_passes() noexcept;
    // End of ramp_time: forget everything measured so far.
    void restart_statistics(std::uint64_t now) noexcept;
    void complete(sdk::IoUnit& unit, std::uint64_t now) noexcept;
    // A failed I/O: counted as issued, then ends the job or is carried on after as
    // errors_ says.
    void on_io_error(const sdk::IoUnit& unit, int error,
                     IoFailure failure = IoFailure::error_code);
    // fsync=N, fdatasync=N, sync_file_range: the sync that is due instead of the next I/O.
    void prepare_sync(sdk::IoUnit& unit, sdk::SyncKind kind) noexcept;
    void complete_sync(const sdk::IoUnit& unit, std::uint64_t now) noexcept;
    // Counts an issued sync where stock fio's reports show it.
    void count_sync_issued(const sdk::IoUnit& unit) noexcept;
    void record_error(const sdk::IoUnit& unit, std::int64_t error,
                      IoFailure failure = IoFailure::error_code);
    // The job's error line for a failed I/O, with the engine's own words when it has some.
    std::string describe_error(const sdk::IoUnit& unit, int error, IoFailure failure) const;
    void take_samples(std::uint64_t now) noexcept;
    // The runner wants an interim report (--status-interval): copy the result so far,
    // with its runtimes and CPU use up to `now`, into live_.snapshot.
    void publish_snapshot(std::uint64_t now);
    // Starts both sample streams afresh at `now`.
    void restart_samples(std::uint64_t now) noexcept;
    // Commits the queued batch and stamps its issue time; returns that time.
    std::uint64_t submit_batch(std::uint32_t& batched);
    // Reaps between `wanted` and `most` completions, waiting at most `timeout_ns`, and
    // accounts them; `now` becomes the time after. False when the engine failed.
    bool reap_completions(std::uint32_t wanted, std::uint32_t most, std::int64_t timeout_ns,
                          std::uint64_t& now);
    // Deals with in-flight I/O as the pending pacing hold asks, then waits it out.
    std::uint64_t wait_out_hold(std::uint64_t now);
    // --debug=time: which clock the loop reads, and its timing.
    void log_clock_choice(std::uint64_t start) const noexcept;
    // latency_target / max_latency: a completed I/O's total latency.
    void check_latency(const sdk::IoUnit& unit, std::uint64_t latency) noexcept;
    // latency_target's window ended: judge it.
    void check_latency_window(std::uint64_t now) noexcept;
    // Drains the queue for a latency_target step, then opens its next window.
    std::uint64_t settle_latency_step(std::uint64_t now);
    void fail_on_latency(const sdk::IoUnit& unit, std::uint64_t latency, std::uint64_t limit,
                         const char* option) noexcept;
    // Flow control held the job back: with flow_sleep, completes the in-flight I/O and
    // pauses; without, reaps what completes or yields, so the check comes round again.
    std::uint64_t wait_out_flow(std::uint64_t now);
    // True when the flow lets the next I/O go (and counts it). Adds up how long the flow
    // held the job back, for the pacer when the flow changes members.
    bool pass_flow(std::uint64_t now) noexcept;
    bool stopping() const noexcept {
        return stop_.load(std::memory_order_relaxed) || terminate_.load(std::memory_order_relaxed);
    }

    // Verification (io_loop_verify.cpp); only called when the job has verify set.
    // Once the loop drained: start checking what the workload (or this loop of it)
    // wrote, or go on with the next loop after the checks; false when the job is done.
    bool switch_verify_phase() noexcept;
    // True at the end of a loop (loops=N) whose writes are to be checked first.
    bool loop_check_due() const noexcept;
    // verify_only: walk the workload without I/O, remembering what it would write.
    void pretend_workload() noexcept;
    void verify_completed(sdk::IoUnit& unit) noexcept;
    void record_verify_failure() noexcept;

    // experimental_verify (io_loop_replay.cpp): the check phase replays the loop's
    // workload from the generators' state when the loop began.
    // Keeps the workload's state now, as the start of the next replay.
    void keep_replay_start();
    // Swaps the workload's state with the kept one: into the replay and back out.
    void swap_replay_state() noexcept;
    // The next check of the replay: the loop's next write, read back; false when the
    // replay has covered what the loop wrote.
    bool replay_next_check(sdk::IoUnit& unit) noexcept;
    // Every file's pass over its region is complete (its generator has nothing left).
    bool passes_complete() const noexcept;
    // The direction of the next I/O after the pacer's steering (a mixed job whose rate
    // is ahead in one direction); with experimental_verify, the steered draws are kept
    // and a replay steers the same ones.
    sdk::IoDirection steer(sdk::IoDirection drawn) noexcept;

    const JobSpec& job_;
    sdk::Engine& engine_;
    std::vector<sdk::FileHandle>& files_;
    std::vector<std::uint64_t> file_ends_;  // each file's size when the loop began
    std::vector<sdk::IoUnit>& units_;
    sdk::JobResult& result_;
    LiveProgress& live_;
    const std::atomic<bool>& stop_;
    JobLogs* logs_ = nullptr;
    LatencySlices* latency_slices_ = nullptr;
    const std::atomic<bool>& terminate_;

    ErrorPolicy errors_;
    std::vector<OffsetGenerator> generators_;  // one per file
    std::uint64_t file_offset_ = 0;            // added to every generated offset
    BlockSizeChooser block_sizes_;
    Rng direction_rng_;
    FileChooser chooser_;  // which file the next I/O goes to (file_service_type=)
    // A file whose pass is done starts a pass of its own at once, rather than waiting
    // for the others (see start_file_pass()).
    bool files_wrap_ = false;
    std::vector<sdk::IoUnit*> free_;
    std::vector<sdk::IoUnit*> batch_;     // queued since the last commit
    std::vector<sdk::IoUnit*> reaped_;
    std::uint32_t in_flight_ = 0;
    bool failed_ = false;
    bool moves_data_ = true;
    bool engine_explains_errors_ = false;
    bool endless_ = false;  // bytes do not end the job: time_based, or no data
    std::uint64_t bytes_budget_ = 0;   // bytes to issue (io_size or size, times loops)
    std::uint64_t bytes_issued_ = 0;   // of the direction that counts (budget_direction_)
    int budget_direction_ = -1;        // see budget_direction(): -1 reads and writes
    // trimwrite: the block whose write comes next (file null: none pending).
    struct TrimmedBlock {
        sdk::FileHandle* file = nullptr;
        std::uint64_t offset = 0;
        std::uint32_t length = 0;
    };
    TrimmedBlock trimmed_;
    std::uint64_t per_loop_bytes_ = 0;
    std::uint64_t loop_start_bytes_ = 0;  // bytes_issued_ when the current loop began
    bool pass_ends_loop_ = true;          // a loop is one pass over the files
    std::optional<StridedZoneWalker> zones_;  // zonemode=strided
    std::vector<ZbdZones*> zbd_;               // zonemode=zbd: per file (owned by the plan)
    std::vector<ZbdJobView> zbd_views_;        // this job's side of each file's zones
    bool zbd_done_ = false;                    // the zones allow no more I/O this loop
    std::function<bool()> renew_files_;   // unlink_each_loop; empty: never
    bool loop_began_ = false;             // start_loop_if_due crossed into a new loop
    bool loop_break_due_ = false;         // drain, then between_loops()
    bool syncs_at_loop_end_ = false;      // end_fsync or fsync_on_close, and the job writes
    bool end_synced_ = false;             // the workload's end was synced
    std::uint64_t ramp_end_ns_ = 0;    // 0 when no ramp is running
    std::uint64_t start_ns_ = 0;       // when measuring began (after any ramp)
    std::uint64_t deadline_ns_ = ~0ull;  // when runtime ends (counted after the ramp)

    // Batching, from iodepth_batch_submit / _complete_min / _complete_max / iodepth_low.
    std::uint32_t batch_submit_limit_ = 1;
    std::uint32_t complete_min_ = 1;
    std::uint32_t complete_max_ = 1;
    std::uint32_t refill_level_ = 0;  // after a full queue, reap down to this many
    bool engine_sets_issue_time_ = false;
    BufferFiller* buffer_filler_ = nullptr;  // null: writes use the buffers as they are

    // Which latencies are recorded, and the clock reads they need (run/io_clock.hpp).
    MeasuredLatencies measured_;
    IoClock clock_;
    bool read_clock_at_issue_ = false;  // a sync engine's clat needs its own issue time
    SteadyState* steady_state_ = nullptr;
    PriorityLatencyRecorder priorities_;  // inactive unless several priorities are in play

    // experimental_verify: what prepare_next() draws from, as the current loop began.
    struct WorkloadState {
        std::vector<OffsetGenerator> generators;
        BlockSizeChooser block_sizes;
        Rng direction_rng;
        FileChooser chooser;
        std::optional<StridedZoneWalker> zones;
    };
    std::optional<WorkloadState> replay_start_;
    std::vector<std::uint64_t> steered_draws_;  // draws since replay_start_ the pacer steered
    std::uint64_t draws_ = 0;                   // draws since replay_start_ (or the replay's)
    std::size_t next_steered_ = 0;              // the replay's place in steered_draws_
    std::unique_ptr<Verifier> verify_;  // null when the job does not verify
    bool verify_phase_ = false;         // the workload is done; reading back to check
    std::uint64_t next_loop_check_at_ = 0;     // bytes_issued_ at the end of this loop
    bool check_each_pass_ = false;  // experimental_verify: a finished pass is checked
    std::uint64_t workload_deadline_ns_ = 0;   // kept while the checks run
    std::uint64_t workload_ramp_end_ns_ = 0;
    SyncSchedule syncs_;  // fsync=N, fdatasync=N, sync_file_range
    // Rate limits, think time, number_ios: consulted only when the job has any.
    Pacer pacer_;
    bool paced_ = false;
    unsigned random_share_ = 100;             // percentage_random, when one for all
    bool random_share_by_direction_ = false;  // percentage_random differs by direction
    PacingHold hold_;     // what keeps the next I/O back, until wait_out_hold()
    // latency_target's search and max_latency (run/latency_target.hpp).
    LatencyTarget latency_target_;
    bool latency_checked_ = false;    // some latency goal needs each I/O's latency
    bool latency_windows_ = false;    // latency_target is set: windows are judged
    std::uint32_t depth_limit_ = 0;   // most I/Os in flight; 0 while a step is settled
    LatencyTarget::Step latency_step_ = LatencyTarget::Step::none;  // to settle
    bool latency_draining_ = false;   // completions of a drain do not count
    std::optional<OverlapGuard> overlaps_;  // serialize_overlap; empty: off
    sdk::IoUnit* overlap_held_ = nullptr;   // prepared, waiting for an overlap to complete
    FlowMember* flow_ = nullptr;  // null: not flow-controlled
    // The I/O the engine turned away (busy): offered again before any new one, so that
    // a sync or a write the workload chose is never lost.
    sdk::IoUnit* turned_away_ = nullptr;
    CacheHints* cache_hints_ = nullptr;  // null: the files have no page cache to manage
    IoLogWriter* iolog_ = nullptr;    // write_iolog; null: nothing recorded
    FileLocks* file_locks_ = nullptr; // lockfile; null: no locking
    ReplaySource* replay_ = nullptr;  // read_iolog; null: the workload's own I/Os
    bool flow_held_ = false;      // over the flow's share, until wait_out_flow()
    std::uint64_t flow_held_since_ = 0;  // when the current flow hold began; 0: none
    std::uint64_t flow_held_ns_ = 0;     // flow holds since the flow last changed members

    // One stream of rate samples: the bytes (bw) or I/Os (IOPS) done per direction over
    // each period (bwavgtime, iopsavgtime).
    struct RateWindow {
        std::uint64_t period_ns = 0;
        std::uint64_t last_ns = 0;
        std::uint64_t next_ns = 0;
        std::array<std::uint64_t, 3> counted{};

        void restart(std::uint64_t now) noexcept {
            last_ns = now;
            next_ns = now + period_ns;
            counted = {};
        }
    };
    // Adds one sample per direction to `window`'s stream when a millisecond or more passed.
    void sample_rates(RateWindow& window, bool bandwidth, std::uint64_t now) noexcept;

    // The sampling tick: the next bw or IOPS sample, or the 500 ms steady-state and
    // clock-steering tick, whichever comes first.
    std::uint64_t next_sample_ns_ = 0;
    std::uint64_t next_tick_ns_ = 0;
    RateWindow bw_window_;
    RateWindow iops_window_;
    SeriesRecorder series_;  // the samples over time, for outputs that plot them
};

}  // namespace fio::core
