// Prints the layout of every type that crosses the plugin boundary, one fact a line:
//   struct T size S align A
//   field T.f offset O size S
//   virtual T.f slot N          (the function's index in the vtable)
//   enum T.v value V size S
// Built twice: against the current SDK headers and against the frozen ones of the
// previous minor (tests/sdk/abi/v1.4). tests/sdk/abi/layout-1.4.txt is the frozen
// record; abi_layout_test compares the current record with it. Fields appended in a
// later minor are listed under `#if FIO_SDK_ABI_MINOR >= N`, so one probe serves both.
#include <fio/sdk/engine.hpp>
#include <fio/sdk/options.hpp>
#include <fio/sdk/output.hpp>
#include <fio/sdk/plugin.hpp>
#include <fio/sdk/result.hpp>
#include <fio/sdk/transport.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace {

// The Itanium C++ ABI represents a pointer to a virtual member function as one plus the
// function's byte offset in the vtable (and an adjustment): its slot is recoverable.
template <typename Member>
std::size_t vtable_slot(Member member) {
    static_assert(sizeof(Member) == 2 * sizeof(void*), "Itanium member pointer expected");
    std::uintptr_t pointer = 0;
    std::memcpy(&pointer, &member, sizeof pointer);
    return (pointer - 1) / sizeof(void*);
}

}  // namespace

#define PROBE_STRUCT(T) \
    std::printf("struct %s size %zu align %zu\n", #T, sizeof(fio::sdk::T), alignof(fio::sdk::T))
#define PROBE_FIELD(T, f)                                                                 \
    std::printf("field %s.%s offset %zu size %zu\n", #T, #f, offsetof(fio::sdk::T, f), \
                sizeof(fio::sdk::T::f))
#define PROBE_VIRTUAL(T, f) \
    std::printf("virtual %s.%s slot %zu\n", #T, #f, vtable_slot(&fio::sdk::T::f))
#define PROBE_ENUM(T, v)                                                                     \
    std::printf("enum %s.%s value %lld size %zu\n", #T, #v,                                 \
                static_cast<long long>(static_cast<std::int64_t>(fio::sdk::T::v)),          \
                sizeof(fio::sdk::T))
#define PROBE_FLAG(T, v)                                                                     \
    std::printf("enum %s.%s value %lld size %zu\n", #T, #v,                                 \
                static_cast<long long>(fio::sdk::v), sizeof(fio::sdk::T))

int main() {
    // plugin.hpp
    PROBE_STRUCT(PluginDescriptor);
    PROBE_FIELD(PluginDescriptor, magic);
    PROBE_FIELD(PluginDescriptor, abi_major);
    PROBE_FIELD(PluginDescriptor, abi_minor);
    PROBE_FIELD(PluginDescriptor, descriptor_size);
    PROBE_FIELD(PluginDescriptor, kind);
    PROBE_FIELD(PluginDescriptor, name);
    PROBE_FIELD(PluginDescriptor, version);
    PROBE_FIELD(PluginDescriptor, summary);
    PROBE_FIELD(PluginDescriptor, flags);
    PROBE_FIELD(PluginDescriptor, options);
    PROBE_FIELD(PluginDescriptor, option_count);
    PROBE_FIELD(PluginDescriptor, create_engine);
    PROBE_FIELD(PluginDescriptor, create_output);
    PROBE_FIELD(PluginDescriptor, create_transport);
#if FIO_SDK_ABI_MINOR >= 5
    PROBE_FIELD(PluginDescriptor, cxx_runtime);
    PROBE_STRUCT(CxxRuntime);
    PROBE_FIELD(CxxRuntime, library);
    PROBE_FIELD(CxxRuntime, cxx11_abi);
    PROBE_FIELD(CxxRuntime, string_size);
    PROBE_FIELD(CxxRuntime, vector_size);
    PROBE_ENUM(CxxLibrary, unknown);
    PROBE_ENUM(CxxLibrary, libstdcxx);
    PROBE_ENUM(CxxLibrary, libcxx);
#endif
    PROBE_ENUM(PluginKind, engine);
    PROBE_ENUM(PluginKind, transport);
    PROBE_ENUM(PluginKind, output);
    PROBE_FLAG(PluginFlags, kEngineDiskless);
    PROBE_FLAG(PluginFlags, kEngineNoData);
    PROBE_FLAG(PluginFlags, kEngineNamesFiles);
    PROBE_FLAG(PluginFlags, kEngineCreatesFiles);

    // options.hpp
    PROBE_STRUCT(OptionSpec);
    PROBE_FIELD(OptionSpec, name);
    PROBE_FIELD(OptionSpec, aliases);
    PROBE_FIELD(OptionSpec, type);
    PROBE_FIELD(OptionSpec, default_value);
    PROBE_FIELD(OptionSpec, min);
    PROBE_FIELD(OptionSpec, max);
    PROBE_FIELD(OptionSpec, choices);
    PROBE_FIELD(OptionSpec, help);
    PROBE_FIELD(OptionSpec, category);
    PROBE_FIELD(OptionSpec, unit);
    PROBE_ENUM(OptionType, boolean);
    PROBE_ENUM(OptionType, integer);
    PROBE_ENUM(OptionType, size);
    PROBE_ENUM(OptionType, time);
    PROBE_ENUM(OptionType, string);
    PROBE_ENUM(OptionType, choice);
    PROBE_ENUM(OptionType, percentage);
    PROBE_VIRTUAL(OptionValues, has);
    PROBE_VIRTUAL(OptionValues, get_bool);
    PROBE_VIRTUAL(OptionValues, get_int);
    PROBE_VIRTUAL(OptionValues, get_string);

    // engine.hpp
    PROBE_ENUM(IoDirection, read);
    PROBE_ENUM(IoDirection, write);
    PROBE_ENUM(IoDirection, trim);
    PROBE_ENUM(IoDirection, sync);
    PROBE_ENUM(QueueStatus, completed);
    PROBE_ENUM(QueueStatus, queued);
    PROBE_ENUM(QueueStatus, busy);
    PROBE_ENUM(SyncKind, fsync);
    PROBE_ENUM(SyncKind, fdatasync);
    PROBE_ENUM(SyncKind, file_range);
    PROBE_STRUCT(FileHandle);
    PROBE_FIELD(FileHandle, path);
    PROBE_FIELD(FileHandle, fd);
    PROBE_FIELD(FileHandle, size);
    PROBE_FIELD(FileHandle, index);
    PROBE_FIELD(FileHandle, engine_data);
    PROBE_STRUCT(IoUnit);
    PROBE_FIELD(IoUnit, direction);
    PROBE_FIELD(IoUnit, sync_kind);
    PROBE_FIELD(IoUnit, ioprio);
    PROBE_FIELD(IoUnit, sync_range_flags);
    PROBE_FIELD(IoUnit, file);
    PROBE_FIELD(IoUnit, offset);
    PROBE_FIELD(IoUnit, length);
    PROBE_FIELD(IoUnit, buffer);
    PROBE_FIELD(IoUnit, index);
    PROBE_FIELD(IoUnit, start_ns);
    PROBE_FIELD(IoUnit, issue_ns);
    PROBE_FIELD(IoUnit, result);
    PROBE_FIELD(IoUnit, engine_data);
    PROBE_STRUCT(EngineTraits);
    PROBE_FIELD(EngineTraits, completes_in_queue);
    PROBE_FIELD(EngineTraits, needs_aligned_buffers);
    PROBE_FIELD(EngineTraits, can_register_buffers);
    PROBE_FIELD(EngineTraits, sets_issue_time);
    PROBE_STRUCT(EngineRequests);
    PROBE_FIELD(EngineRequests, think_time_ns);
    PROBE_FIELD(EngineRequests, end_with_io_jobs);
    PROBE_STRUCT(EngineSetup);
    PROBE_FIELD(EngineSetup, job_name);
    PROBE_FIELD(EngineSetup, thread_index);
    PROBE_FIELD(EngineSetup, iodepth);
    PROBE_FIELD(EngineSetup, direct);
    PROBE_FIELD(EngineSetup, max_block_size);
    PROBE_FIELD(EngineSetup, options);
    PROBE_FIELD(EngineSetup, random);
    PROBE_FIELD(EngineSetup, requests);
    PROBE_FIELD(EngineSetup, runtime_ns);
    PROBE_VIRTUAL(Engine, traits);
    PROBE_VIRTUAL(Engine, open_file);
    PROBE_VIRTUAL(Engine, close_file);
    PROBE_VIRTUAL(Engine, register_buffers);
    PROBE_VIRTUAL(Engine, queue);
    PROBE_VIRTUAL(Engine, commit);
    PROBE_VIRTUAL(Engine, reap);
    PROBE_VIRTUAL(Engine, last_error);
#if FIO_SDK_ABI_MINOR >= 5
    PROBE_VIRTUAL(Engine, io_error_text);
#endif

    // output.hpp
    PROBE_ENUM(LogLevel, info);
    PROBE_ENUM(LogLevel, warning);
    PROBE_ENUM(LogLevel, error);
    PROBE_STRUCT(OutputSetup);
    PROBE_FIELD(OutputSetup, stream);
    PROBE_FIELD(OutputSetup, options);
    PROBE_FIELD(OutputSetup, kb_base);
    PROBE_VIRTUAL(OutputStream, write);
    PROBE_VIRTUAL(OutputStream, flush);
    PROBE_VIRTUAL(OutputSink, run_started);
    PROBE_VIRTUAL(OutputSink, status);
    PROBE_VIRTUAL(OutputSink, log_line);
    PROBE_VIRTUAL(OutputSink, job_finished);
    PROBE_VIRTUAL(OutputSink, group_finished);
    PROBE_VIRTUAL(OutputSink, disk_util);
    PROBE_VIRTUAL(OutputSink, run_finished);

    // transport.hpp
    PROBE_STRUCT(Message);
    PROBE_FIELD(Message, opcode);
    PROBE_FIELD(Message, tag);
    PROBE_FIELD(Message, payload);
    PROBE_STRUCT(TransportSetup);
    PROBE_FIELD(TransportSetup, options);
    PROBE_VIRTUAL(Connection, send);
    PROBE_VIRTUAL(Connection, receive);
    PROBE_VIRTUAL(Connection, peer);
    PROBE_VIRTUAL(Connection, error);
    PROBE_VIRTUAL(Connection, close);
    PROBE_VIRTUAL(Connection, native_handle);
    PROBE_VIRTUAL(Listener, accept);
    PROBE_VIRTUAL(Listener, endpoint);
    PROBE_VIRTUAL(Listener, error);
    PROBE_VIRTUAL(Transport, listen);
    PROBE_VIRTUAL(Transport, connect);

    // result.hpp and histogram.hpp: what an output sink receives
    PROBE_STRUCT(SampleStats);
    PROBE_FIELD(SampleStats, count);
    PROBE_FIELD(SampleStats, min);
    PROBE_FIELD(SampleStats, max);
    PROBE_FIELD(SampleStats, sum);
    PROBE_FIELD(SampleStats, sum_squares);
    PROBE_STRUCT(LatencyHistogram);
    PROBE_FIELD(LatencyHistogram, counts);
    PROBE_STRUCT(LatencyStats);
    PROBE_FIELD(LatencyStats, stats);
    PROBE_FIELD(LatencyStats, histogram);
    PROBE_STRUCT(PriorityLatency);
    PROBE_FIELD(PriorityLatency, ioprio);
    PROBE_FIELD(PriorityLatency, latency);
    PROBE_STRUCT(DirectionResult);
    PROBE_FIELD(DirectionResult, io_bytes);
    PROBE_FIELD(DirectionResult, total_ios);
    PROBE_FIELD(DirectionResult, short_ios);
    PROBE_FIELD(DirectionResult, drop_ios);
    PROBE_FIELD(DirectionResult, runtime_ns);
    PROBE_FIELD(DirectionResult, slat);
    PROBE_FIELD(DirectionResult, clat);
    PROBE_FIELD(DirectionResult, lat);
    PROBE_FIELD(DirectionResult, bw_samples);
    PROBE_FIELD(DirectionResult, iops_samples);
    PROBE_STRUCT(ReportSettings);
    PROBE_FIELD(ReportSettings, slat_percentiles);
    PROBE_FIELD(ReportSettings, clat_percentiles);
    PROBE_FIELD(ReportSettings, lat_percentiles);
    PROBE_FIELD(ReportSettings, percentiles);
    PROBE_FIELD(ReportSettings, significant_figures);
    PROBE_FIELD(ReportSettings, unified_rw);
    PROBE_FIELD(ReportSettings, unit_base);
    PROBE_STRUCT(LatencyTargetResult);
    PROBE_FIELD(LatencyTargetResult, target_ns);
    PROBE_FIELD(LatencyTargetResult, window_ns);
    PROBE_FIELD(LatencyTargetResult, percentile);
    PROBE_FIELD(LatencyTargetResult, depth);
    PROBE_STRUCT(SteadyStateResult);
    PROBE_FIELD(SteadyStateResult, enabled);
    PROBE_FIELD(SteadyStateResult, bandwidth);
    PROBE_FIELD(SteadyStateResult, slope);
    PROBE_FIELD(SteadyStateResult, percent);
    PROBE_FIELD(SteadyStateResult, limit);
    PROBE_FIELD(SteadyStateResult, duration_s);
    PROBE_FIELD(SteadyStateResult, attained);
    PROBE_FIELD(SteadyStateResult, criterion);
    PROBE_FIELD(SteadyStateResult, max_deviation);
    PROBE_FIELD(SteadyStateResult, slope_value);
    PROBE_FIELD(SteadyStateResult, iops);
    PROBE_FIELD(SteadyStateResult, bw);
    PROBE_FIELD(SteadyStateResult, samples_taken);
    PROBE_STRUCT(JobResult);
    PROBE_FIELD(JobResult, name);
    PROBE_FIELD(JobResult, description);
    PROBE_FIELD(JobResult, groupid);
    PROBE_FIELD(JobResult, threads);
    PROBE_FIELD(JobResult, error);
    PROBE_FIELD(JobResult, error_text);
    PROBE_FIELD(JobResult, thread_id);
    PROBE_FIELD(JobResult, end_time_epoch_s);
    PROBE_FIELD(JobResult, elapsed_s);
    PROBE_FIELD(JobResult, job_runtime_ns);
    PROBE_FIELD(JobResult, directions);
    PROBE_FIELD(JobResult, sync_total_ios);
    PROBE_FIELD(JobResult, sync_lat);
    PROBE_FIELD(JobResult, usr_cpu_ns);
    PROBE_FIELD(JobResult, sys_cpu_ns);
    PROBE_FIELD(JobResult, ctx);
    PROBE_FIELD(JobResult, majf);
    PROBE_FIELD(JobResult, minf);
    PROBE_FIELD(JobResult, depth_levels);
    PROBE_FIELD(JobResult, depth_submit);
    PROBE_FIELD(JobResult, depth_complete);
    PROBE_FIELD(JobResult, depth_submit_events);
    PROBE_FIELD(JobResult, depth_complete_events);
    PROBE_FIELD(JobResult, latency_ns);
    PROBE_FIELD(JobResult, latency_us);
    PROBE_FIELD(JobResult, latency_ms);
    PROBE_FIELD(JobResult, iodepth);
    PROBE_FIELD(JobResult, options);
    PROBE_FIELD(JobResult, reporting);
    PROBE_FIELD(JobResult, total_err);
    PROBE_FIELD(JobResult, first_error);
    PROBE_FIELD(JobResult, error_counts);
    PROBE_FIELD(JobResult, error_tolerated);
    PROBE_FIELD(JobResult, steadystate);
    PROBE_FIELD(JobResult, zone_resets);
    PROBE_FIELD(JobResult, latency_target);
    PROBE_FIELD(JobResult, priority_latency);
    PROBE_FIELD(JobResult, client_host);
    PROBE_FIELD(JobResult, all_clients);
#if FIO_SDK_ABI_MINOR >= 5
    PROBE_FIELD(JobResult, series);
#endif
    PROBE_STRUCT(GroupDirection);
    PROBE_FIELD(GroupDirection, io_bytes);
    PROBE_FIELD(GroupDirection, agg_bw_bytes);
    PROBE_FIELD(GroupDirection, min_bw_bytes);
    PROBE_FIELD(GroupDirection, max_bw_bytes);
    PROBE_FIELD(GroupDirection, min_runtime_ms);
    PROBE_FIELD(GroupDirection, max_runtime_ms);
    PROBE_STRUCT(GroupResult);
    PROBE_FIELD(GroupResult, groupid);
    PROBE_FIELD(GroupResult, unified_rw);
    PROBE_FIELD(GroupResult, unit_base);
    PROBE_FIELD(GroupResult, directions);
    PROBE_FIELD(GroupResult, kb_base);
    PROBE_FIELD(GroupResult, significant_figures);
    PROBE_FIELD(GroupResult, client_host);
    PROBE_FIELD(GroupResult, all_clients);
    PROBE_STRUCT(JobDescription);
    PROBE_FIELD(JobDescription, name);
    PROBE_FIELD(JobDescription, groupid);
    PROBE_FIELD(JobDescription, clones);
    PROBE_FIELD(JobDescription, rw);
    PROBE_FIELD(JobDescription, bs_min);
    PROBE_FIELD(JobDescription, bs_max);
    PROBE_FIELD(JobDescription, ioengine);
    PROBE_FIELD(JobDescription, iodepth);
    PROBE_FIELD(JobDescription, client_host);
    PROBE_FIELD(JobDescription, all_clients);
    PROBE_FIELD(JobDescription, as_threads);
    PROBE_STRUCT(RunInfo);
    PROBE_FIELD(RunInfo, fio_version);
    PROBE_FIELD(RunInfo, start_epoch_ms);
    PROBE_FIELD(RunInfo, jobs);
    PROBE_FIELD(RunInfo, total_threads);
    PROBE_FIELD(RunInfo, global_options);
    PROBE_FIELD(RunInfo, client_run);
    PROBE_STRUCT(StatusUpdate);
    PROBE_FIELD(StatusUpdate, jobs_running);
    PROBE_FIELD(StatusUpdate, files_open);
    PROBE_FIELD(StatusUpdate, job_states);
    PROBE_FIELD(StatusUpdate, percent_done);
    PROBE_FIELD(StatusUpdate, bw_bytes);
    PROBE_FIELD(StatusUpdate, iops);
    PROBE_FIELD(StatusUpdate, eta_s);
    PROBE_FIELD(StatusUpdate, elapsed_ms);
    PROBE_STRUCT(DiskSlaveAggregate);
    PROBE_FIELD(DiskSlaveAggregate, count);
    PROBE_FIELD(DiskSlaveAggregate, read_ios);
    PROBE_FIELD(DiskSlaveAggregate, write_ios);
    PROBE_FIELD(DiskSlaveAggregate, read_merges);
    PROBE_FIELD(DiskSlaveAggregate, write_merges);
    PROBE_FIELD(DiskSlaveAggregate, read_ticks_ms);
    PROBE_FIELD(DiskSlaveAggregate, write_ticks_ms);
    PROBE_FIELD(DiskSlaveAggregate, in_queue_ms);
    PROBE_FIELD(DiskSlaveAggregate, max_util_percent);
    PROBE_STRUCT(DiskUtil);
    PROBE_FIELD(DiskUtil, name);
    PROBE_FIELD(DiskUtil, read_ios);
    PROBE_FIELD(DiskUtil, write_ios);
    PROBE_FIELD(DiskUtil, read_merges);
    PROBE_FIELD(DiskUtil, write_merges);
    PROBE_FIELD(DiskUtil, read_ticks_ms);
    PROBE_FIELD(DiskUtil, write_ticks_ms);
    PROBE_FIELD(DiskUtil, in_queue_ms);
    PROBE_FIELD(DiskUtil, util_percent);
    PROBE_FIELD(DiskUtil, slaves);
    PROBE_STRUCT(CpuIdleness);
    PROBE_FIELD(CpuIdleness, measured);
    PROBE_FIELD(CpuIdleness, per_cpu);
    PROBE_FIELD(CpuIdleness, system_percent);
    PROBE_FIELD(CpuIdleness, cpu_percent);
    PROBE_FIELD(CpuIdleness, unit_mean_us);
    PROBE_FIELD(CpuIdleness, unit_stddev_us);
#if FIO_SDK_ABI_MINOR >= 5
    PROBE_STRUCT(SeriesPoint);
    PROBE_FIELD(SeriesPoint, time_ms);
    PROBE_FIELD(SeriesPoint, value);
    PROBE_STRUCT(PercentilePoint);
    PROBE_FIELD(PercentilePoint, time_ms);
    PROBE_FIELD(PercentilePoint, ns);
    PROBE_STRUCT(DirectionSeries);
    PROBE_FIELD(DirectionSeries, bw_kib);
    PROBE_FIELD(DirectionSeries, iops);
    PROBE_FIELD(DirectionSeries, clat);
#endif
    PROBE_STRUCT(RunSummary);
    PROBE_FIELD(RunSummary, exit_code);
    PROBE_FIELD(RunSummary, end_epoch_ms);
    PROBE_FIELD(RunSummary, idleness);
#if FIO_SDK_ABI_MINOR >= 5
    PROBE_FIELD(RunSummary, kind);
#endif
    return 0;
}
