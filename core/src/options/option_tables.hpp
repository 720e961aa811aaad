// The core's option tables, one per area of fio's manual. Each area keeps its table
// (and the JobSpec fields it fills) in its own file; core_options() joins them.
#pragma once

#include "options/core_options.hpp"

#include <span>

namespace fio::core {

using OptionTable = std::span<const CoreOption> (*)();

// Files, sizes, block sizes, rw, engine, depth, timing, job control.
std::span<const CoreOption> base_options();
// zonemode=strided, zonesize, zonerange, zoneskip.
std::span<const CoreOption> zone_options();
// Buffer contents: buffer_pattern, zero/refill/scramble_buffers, compression, dedupe.
std::span<const CoreOption> buffer_options();
// Which latencies are measured; percentiles and figures of the report; steady state.
std::span<const CoreOption> measure_options();
// Placement: cpus_allowed, cpumask, cpus_allowed_policy, numa_*, nice.
std::span<const CoreOption> placement_options();
// verify, do_verify, verify_only, verify_pattern ... (options/verify_options.cpp).
std::span<const CoreOption> verify_options();
// Per-job log files: write_*_log, log_avg_msec, log_offset, per_job_logs ...
std::span<const CoreOption> logs_options();
// fallocate, fill_device, create_on_open/only, allow_*, pre_read, unlink, file_append.
std::span<const CoreOption> file_options();
// continue_on_error, ignore_error, error_dump.
std::span<const CoreOption> error_options();
// fsync=N, end_fsync, fsync_on_close.
std::span<const CoreOption> sync_options();
// prio, prioclass.
std::span<const CoreOption> priority_options();
// Variable block sizes, random offset distributions and generators (shape_options.cpp).
std::span<const CoreOption> shape_options();
// Buffer memory: mem/iomem, iomem_align, hugepage-size, lockmem.
std::span<const CoreOption> memory_options();
// Rate limits, think time, I/O counts, flow control, exitall (pacing_options.cpp).
std::span<const CoreOption> pacing_options();
// latency_target, latency_window, latency_percentile, latency_run, max_latency.
std::span<const CoreOption> latency_options();
// write_iolog, read_iolog and the replay_* options (replay_options.cpp).
std::span<const CoreOption> replay_options();
// exec_prerun/postrun, ioscheduler, uid, gid, write_hint, lockfile (environment_options.cpp).
std::span<const CoreOption> environment_options();
// Add an area here: declare its table above and list it below, one line each.

inline std::span<const OptionTable> option_tables() {
    static constexpr OptionTable kTables[] = {
        base_options,
        zone_options,
        buffer_options,
        measure_options,
        placement_options,
        verify_options,
        logs_options,
        file_options,
        error_options,
        sync_options,
        priority_options,
        shape_options,
        memory_options,
        pacing_options,
        latency_options,
        replay_options,
        environment_options,
    };
    return kTables;
}

}  // namespace fio::core
