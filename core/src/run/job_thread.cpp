#include "run/job_thread.hpp"

#include "debug/debug_log.hpp"
#include "iolog/iolog_writer.hpp"
#include "iolog/replay_source.hpp"
#include "plugins/factory_call.hpp"
#include "run/cache_hints.hpp"
#include "run/control_groups.hpp"
#include "run/file_setup.hpp"
#include "run/io_clock.hpp"
#include "run/io_loop.hpp"
#include "run/start_offset.hpp"
#include "run/io_priority.hpp"
#include "run/io_memory.hpp"
#include "run/pacer.hpp"
#include "run/placement.hpp"
#include "run/steady_state.hpp"
#include "verify/verifier.hpp"
#include "workload/buffer_filler.hpp"
#include "run/job_log_files.hpp"
#include "workload/block_size_chooser.hpp"
#include "workload/rng.hpp"

#include <fio/sdk/mixed_result.hpp>
#include <fio/sdk/engine.hpp>

#include <fio/sdk/clock.hpp>

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>

namespace fio::core {

using sdk::monotonic_ns;
namespace {

// Buffers are page-aligned: O_DIRECT needs it and it costs nothing.
constexpr std::size_t kBufferAlignment = 4096;

// A failure that ends the job before its first I/O; the errno goes into the result.
struct JobSetupError : std::runtime_error {
    JobSetupError(int error_number, const std::string& what)
        : std::runtime_error(what), error(error_number) {}
    int error;
};

void close_opened(const std::vector<sdk::FileHandle>& files) {
    for (const auto& f : files) {
        if (f.fd >= 0) ::close(f.fd);
    }
}

std::int64_t epoch_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// unlink=1: the job's files go when it ends; devices are never removed.
void unlink_regular_files(const std::vector<std::string>& paths) {
    for (const auto& path : paths) {
        struct stat st {};
        if (::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) ::unlink(path.c_str());
    }
}

// The bytes after `offset` in the file, in whole smallest blocks; throws when there is
// not even one block.
std::uint64_t region_of_existing_file(const sdk::FileHandle& file, std::uint64_t offset,
                                      const JobSpec& job) {
    const std::uint64_t size = file_size_or_zero(file.fd);
    const std::uint64_t bs = *std::min_element(job.block_size.begin(), job.block_size.end());
    if (size <= offset || size - offset < bs) {
        throw JobSetupError(EINVAL, fmt::format("{}: the file has {} bytes when the job starts, "
                                                "too few for a block of {} at offset {}",
                                                file.path, size, bs, offset));
    }
    return size - offset;
}

}  // namespace

void fold_mixed_directions(sdk::JobResult& result) {
    // unified_rw_reporting=mixed: stock sums the directions into the first one, so its
    // reports (and group totals) see one direction; the outputs call it "mixed".
    if (result.reporting.unified_rw != sdk::kUnifiedMixed) return;
    result.directions[0] = sdk::mixed_direction(result);
    result.priority_latency[0] = sdk::mixed_priority_latencies(result);
    result.priority_latency[1].clear();
    result.priority_latency[2].clear();
    result.directions[1] = sdk::DirectionResult{};
    result.directions[2] = sdk::DirectionResult{};
}

JobThread::JobThread(ThreadPlan plan, std::uint64_t run_start_ns, const std::atomic<bool>& stop,
                     std::function<void()> on_exit)
    : plan_(std::move(plan)), run_start_ns_(run_start_ns), stop_(stop), on_exit_(std::move(on_exit)) {
    const JobSpec& job = *plan_.job;
    result_.name = job.name;
    result_.groupid = job.group;
    result_.description = job.description;  // every report shows it (desc, Description :)
    result_.iodepth = job.iodepth;
    result_.options = job.given;
    result_.reporting = report_settings(job.measure);
    live_.snapshot.result = result_;  // what an interim report shows before the first copy
    if (plan_.steady_state) plan_.steady_state->add_member(live_);
    if (plan_.flow) flow_ = FlowMember(plan_.flow, job.pacing.flow_weight);
}

void JobThread::start(std::shared_ptr<StartGate> gate) {
    gate_ = std::move(gate);
    flow_.join();
    thread_ = std::thread([this] { run(); });
}

void JobThread::join() {
    if (thread_.joinable()) thread_.join();
}

void JobThread::run() noexcept {
    result_.thread_id = static_cast<std::int64_t>(::syscall(SYS_gettid));
    debug(DebugType::process, "job '{}' clone {} (thread {}) started", plan_.job->name,
          plan_.clone_index, plan_.thread_number);
    try {
        run_or_throw();
    } catch (const JobSetupError& e) {
        result_.error = e.error;
        result_.error_text = e.what();
    } catch (const PacingError& e) {
        result_.error = EINVAL;
        result_.error_text = e.what();
    } catch (const std::exception& e) {
        result_.error = EIO;
        result_.error_text = e.what();
    }
    flow_.leave();  // the flow's other jobs stop waiting for this one
    if (plan_.job->layout.unlink) unlink_regular_files(plan_.paths);
    fold_mixed_directions(result_);
    live_.state.store('E', std::memory_order_relaxed);
    result_.end_time_epoch_s = epoch_seconds();
    result_.elapsed_s = (monotonic_ns() - run_start_ns_ + 999'999'999) / 1'000'000'000;
    debug(DebugType::process, "job '{}' clone {} exits: error {}{}{}", plan_.job->name,
          plan_.clone_index, result_.error, result_.error_text.empty() ? "" : ": ",
          result_.error_text);
    if (on_exit_) on_exit_();
}

bool JobThread::renew_files(std::vector<sdk::FileHandle>& files, sdk::Engine& engine) {
    const JobSpec& job = *plan_.job;
    for (auto& file : files) {
        struct stat st {};
        if (::fstat(file.fd, &st) != 0 || !S_ISREG(st.st_mode)) continue;  // devices stay
        engine.close_file(file);
        ::close(file.fd);
        file.fd = -1;
        ::unlink(file.path);
        try {
            // As stock, a job that only reads does not make the file again: it fails
            // with ENOENT.
            file.fd = open_job_file(file.path, writes(job.rw), job.direct, writes(job.rw));
            apply_write_hint(file.fd, file.path, job);
        } catch (const FileSetupError& e) {
            result_.error = e.error;
            result_.error_text = e.what();
            return false;
        } catch (const JobEnvironmentError& e) {
            result_.error = e.error;
            result_.error_text = e.what();
            return false;
        }
        if (const int rc = engine.open_file(file); rc < 0) {
            const std::string detail = engine.last_error();
            result_.error = -rc;
            result_.error_text = fmt::format("{}: the engine could not open it: {}", file.path,
                                             detail.empty() ? std::strerror(-rc) : detail);
            return false;
        }
    }
    return true;
}

void JobThread::wait_start_delay(const JobSpec& job) {
    std::uint64_t delay = job.startdelay_min_ns;
    if (job.startdelay_max_ns > job.startdelay_min_ns) {
        Rng rng(job.randseed ^ plan_.clone_index);
        delay += rng.below(job.startdelay_max_ns - job.startdelay_min_ns + 1);
    }
    const std::uint64_t until = monotonic_ns() + delay;
    // Sleep in short steps so that Ctrl-C is not held up by a long delay.
    while (!stop_.load(std::memory_order_relaxed) && !terminate_.load(std::memory_order_relaxed)) {
        const std::uint64_t now = monotonic_ns();
        if (now >= until) return;
        std::this_thread::sleep_for(std::chrono::nanoseconds(std::min<std::uint64_t>(until - now, 50'000'000)));
    }
}

void JobThread::run_or_throw() {
    // A replay's job has the log's files, directions and largest I/O (iolog/replay_plan).
    const JobSpec& job = plan_.replay ? plan_.replay->job : *plan_.job;
    const auto& descriptor = plan_.engine_plugin->descriptor();
    GatePassage passage(gate_.get());  // however this ends, the others are not held
    try {
        apply_placement(plan_);  // first: the buffers below then come from its NUMA nodes
        apply_io_priority(job.priority);
    } catch (const PlacementError& e) {
        throw JobSetupError(e.error, e.what());
    }
    try {
        const bool has_files = (descriptor.flags & sdk::kEngineDiskless) == 0 && !plan_.paths.empty();
        if (!job.environment.ioscheduler.empty() && job.measure.disk_util && has_files) {
            switch_io_scheduler(plan_.paths.front(), job.environment.ioscheduler);
        }
        switch_identity(job);  // before any file is opened, as stock
    } catch (const JobEnvironmentError& e) {
        throw JobSetupError(e.error, e.what());
    }
    // cgroup=: in the group from here to the job's end (this object goes last). After
    // uid=, as stock: a job switched to another user cannot make the group (EACCES).
    ControlGroups::Membership control_group;
    if (!job.environment.cgroup.empty()) {
        try {
            control_group = ControlGroups::of_process().join(
                {job.environment.cgroup, job.environment.cgroup_weight,
                 job.environment.cgroup_nodelete});
        } catch (const ControlGroupError& e) {
            throw JobSetupError(e.error, e.what());
        }
    }

    sdk::EngineSetup setup;
    setup.job_name = job.name.c_str();
    setup.thread_index = plan_.clone_index;
    setup.iodepth = job.iodepth;
    setup.direct = job.direct;
    setup.max_block_size = largest_block_size(job);
    setup.options = plan_.engine_options.get();
    setup.random = is_random(job.rw);
    sdk::EngineRequests requests;
    setup.requests = &requests;
    setup.runtime_ns = job.runtime_ns;

    // Buffers and I/O units: allocated once, reused for every I/O. Declared before the
    // engine so they outlive it: an engine torn down with I/O in flight must not have
    // the kernel write into freed memory.
    const std::size_t buffer_size =
        (setup.max_block_size + kBufferAlignment - 1) / kBufferAlignment * kBufferAlignment;
    // One area of the memory mem= asks for; the first buffer starts iomem_align bytes
    // past its (page-aligned) start, the others follow a page-rounded block apart.
    std::unique_ptr<IoMemory> memory;
    std::unique_ptr<LockedMemory> locked;
    try {
        memory = std::make_unique<IoMemory>(job.memory, job.memory.align + job.iodepth * buffer_size);
        locked = std::make_unique<LockedMemory>(job.memory.lock_bytes);
    } catch (const IoMemoryError& e) {
        throw JobSetupError(e.error, e.what());
    }
    debug(DebugType::mem, "I/O buffers: {} of {} bytes at {} ({} bytes, iomem_align={})",
          job.iodepth, buffer_size, static_cast<const void*>(memory->data()),
          job.memory.align + job.iodepth * buffer_size, job.memory.align);
    std::vector<void*> buffer_pointers;
    std::vector<sdk::IoUnit> units(job.iodepth);
    BufferFiller filler(job.buffers, job.block_size[1], buffer_size, plan_.buffer_seed,
                        plan_.dedupe_working_set);
    for (std::uint32_t i = 0; i < job.iodepth; ++i) {
        void* buffer = memory->data() + job.memory.align + i * buffer_size;
        filler.fill_initial(buffer, buffer_size);
        buffer_pointers.push_back(buffer);
        units[i].buffer = buffer;
        units[i].index = i;
    }
    char reason[256] = {};
    std::unique_ptr<sdk::Engine> engine(
        call_plugin_factory(descriptor.create_engine, setup, reason, sizeof reason));
    if (!engine) {
        throw JobSetupError(EINVAL, fmt::format("ioengine={}: could not start: {}", descriptor.name,
                                                reason[0] ? reason : "no reason given"));
    }
    if (requests.end_with_io_jobs) ends_with_io_jobs_.store(true, std::memory_order_relaxed);
    const bool diskless = (descriptor.flags & sdk::kEngineDiskless) != 0;
    // filestat, filedelete, filecreate: the engine acts on the names; nothing is opened.
    const bool names_files =
        (descriptor.flags & (sdk::kEngineNamesFiles | sdk::kEngineCreatesFiles)) != 0;

    // offset=N% of a file an earlier job wrote: of the file as that job left it.
    if (plan_.offset_percent_at_start) {
        plan_.file_offset = percent_start_offset(job, plan_.paths, plan_.clone_index);
    }

    // write_iolog: its section starts before the files are opened, as stock's does.
    std::unique_ptr<IoLogWriter> iolog;
    if (!job.replay.write_iolog.empty()) {
        try {
            iolog = std::make_unique<IoLogWriter>(
                job.replay.write_iolog,
                diskless ? std::vector<std::string>{job.name} : plan_.paths, monotonic_ns());
        } catch (const IoLogError& e) {
            throw JobSetupError(EINVAL, e.what());
        }
    }

    // Files: opened by the core, offered to the engine to register.
    std::vector<sdk::FileHandle> files;
    if (diskless) {
        sdk::FileHandle handle;
        handle.path = job.name.c_str();
        handle.size = plan_.bytes_per_file;
        files.push_back(handle);
        debug(DebugType::file, "no files: ioengine={} is diskless; region of {} bytes",
              descriptor.name, plan_.bytes_per_file);
    } else {
        files.reserve(plan_.paths.size());
        for (std::size_t i = 0; i < plan_.paths.size(); ++i) {
            sdk::FileHandle handle;
            handle.path = plan_.paths[i].c_str();
            handle.index = static_cast<std::uint32_t>(i);
            handle.size = plan_.bytes_per_file;
            if (names_files) {
                files.push_back(handle);
                continue;
            }
            try {
                handle.fd = open_job_file(plan_.paths[i], writes(job.rw) || trims(job.rw), job.direct,
                                          job.layout.create_on_open, job.open_sync_flag);
                files.push_back(handle);
                apply_write_hint(handle.fd, plan_.paths[i], job);
                debug(DebugType::file, "open {}: fd {}, {}{}region of {} bytes from offset {}",
                      plan_.paths[i], handle.fd,
                      writes(job.rw) || trims(job.rw) ? "read-write" : "read-only",
                      job.direct ? ", O_DIRECT, " : ", ", plan_.bytes_per_file,
                      plan_.file_offset);
                // pre_read fills the cache on purpose (CacheHints then drops nothing).
                if (job.layout.pre_read) {
                    pre_read_file(handle.fd, plan_.paths[i], plan_.file_offset, plan_.bytes_per_file);
                }
            } catch (const FileSetupError& e) {
                close_opened(files);
                throw JobSetupError(e.error, e.what());
            } catch (const JobEnvironmentError& e) {
                close_opened(files);
                throw JobSetupError(e.error, e.what());
            }
        }
    }
    struct FileCloser {
        std::vector<sdk::FileHandle>& files;
        sdk::Engine& engine;
        bool diskless;
        ~FileCloser() {
            for (auto& f : files) {
                engine.close_file(f);
                if (!diskless && f.fd >= 0) ::close(f.fd);
                if (!diskless) debug(DebugType::file, "close {}", f.path);
            }
        }
    } closer{files, *engine, diskless};
    for (auto& file : files) {
        if (const int rc = engine->open_file(file); rc < 0) {
            const std::string detail = engine->last_error();
            throw JobSetupError(-rc, fmt::format("{}: the engine could not open it: {}", file.path,
                                                 detail.empty() ? std::strerror(-rc) : detail));
        }
        if (iolog) iolog->file_opened(file.index, monotonic_ns());
    }

    if (const int rc = engine->register_buffers(buffer_pointers.data(), buffer_pointers.size(),
                                                buffer_size);
        rc < 0) {
        const std::string detail = engine->last_error();
        throw JobSetupError(-rc, fmt::format("the engine could not register buffers: {}",
                                             detail.empty() ? std::strerror(-rc) : detail));
    }

    // A region left to be sized now: the file an earlier job of the run wrote.
    std::uint64_t region_bytes = plan_.bytes_per_file;
    if (region_bytes == 0 && !diskless && !names_files) {
        region_bytes = region_of_existing_file(files.front(), plan_.file_offset, job);
        for (auto& file : files) file.size = region_bytes;
    }
    if (job.layout.create_only) return;  // the files are ready: that was the whole job
    CacheHints cache_hints(job, plan_.file_offset, region_bytes);
    if (!diskless && !names_files) {
        if (std::string failure = cache_hints.on_open(files); !failure.empty()) {
            throw JobSetupError(EINVAL, failure);
        }
    }
    passage.arrive_and_wait(stop_, terminate_);
    wait_start_delay(job);
    if (stop_.load() || terminate_.load()) return;
    // As stock: a prerun command that fails skips the job's I/O, without an error.
    if (!job.environment.exec_prerun.empty() &&
        run_job_command(job.name, job.environment.exec_prerun, "prerun", log_) != 0) {
        return;
    }

    rusage usage_before{};
    ::getrusage(RUSAGE_THREAD, &usage_before);
    live_.snapshot.usage_before = usage_before;

    const std::uint64_t seed =
        job.repeatable_random() ? job.randseed + plan_.clone_index : monotonic_ns() ^ job.randseed;
    // An engine's think time (cpuio's idle share) replaces the job's, as fio's engine
    // does when it sets thinktime itself.
    std::optional<JobSpec> engine_paced;
    if (requests.think_time_ns) {
        engine_paced = job;
        PacingSpec& pacing = engine_paced->pacing;
        pacing.thinktime_ns = requests.think_time_ns;
        pacing.thinktime_spin_ns = 0;
        pacing.thinktime_blocks = 1;
        pacing.thinktime_blocks_given = true;
        pacing.thinktime_blocks_type = ThinktimeCount::complete;
        pacing.thinktime_iotime_ns = 0;
    }
    IoLoop loop(engine_paced ? *engine_paced : job, *engine, files, units, region_bytes, plan_.file_offset, seed, result_,
                live_, stop_, terminate_);
    if (descriptor.flags & sdk::kEngineDiscardsData) loop.engine_discards_data();
    // With verify= the verifier writes every block's contents itself.
    if (writes(job.rw) && filler.changes_writes() && !job.verify.enabled()) loop.fill_writes_with(&filler);
    std::unique_ptr<JobLogs> logs = open_job_logs(job, plan_.thread_number);
    loop.attach_logs(logs.get());
    loop.watch_steady_state(plan_.steady_state.get());
    if (job.latency_slices) {
        latency_slices_.start(job.latency_slices);
        loop.count_latency_slices(&latency_slices_);
    }
    if (!plan_.zbd.empty()) loop.use_zbd_zones(plan_.zbd);
    if (flow_.active()) loop.control_flow(&flow_);
    if (!diskless && !names_files) loop.tell_cache_at_each_pass(&cache_hints);
    loop.record_ios_in(iolog.get());
    FileLocks file_locks(diskless ? FileLock::none : job.environment.lockfile, plan_.paths);
    loop.lock_files_with(&file_locks);
    std::unique_ptr<ReplaySource> replay;
    if (plan_.replay) {
        replay = std::make_unique<ReplaySource>(*plan_.replay, run_start_ns_);
        loop.replay_from(replay.get());
    }
    if (job.layout.unlink_each_loop && !diskless) {
        loop.renew_files_between_loops([&] { return renew_files(files, *engine); });
    }
    const bool no_data = (descriptor.flags & sdk::kEngineNoData) != 0;
    if (no_data) loop.count_no_bytes();
    if (descriptor.abi_minor >= 5) loop.ask_engine_to_explain_errors();  // io_error_text: 1.5
    loop.keep_priority_latencies(plan_.engine_options.get());
    // Stock names state files by the job thread's place in the run, from 0.
    std::string state_file = verify_state_file_name(job.name, plan_.thread_number - 1);
    if (!job.verify.state_dir.empty()) state_file = job.verify.state_dir + "/" + state_file;
    if (job.verify.state_load && loop.verifier() != nullptr) {
        try {
            loop.verifier()->stop_checks_at(load_verify_state(state_file));
        } catch (const VerifyStateError& e) {
            throw JobSetupError(e.error, e.what());
        }
    }
    const std::uint64_t io_ns = loop.run();
    // As stock, every verifying job that writes leaves its state, stopped early or not.
    if (job.verify.state_save && writes(job.rw) && loop.verifier() != nullptr) {
        try {
            save_verify_state(state_file, job.name, plan_.thread_number - 1,
                              loop.verifier()->write_state());
        } catch (const VerifyStateError& e) {
            if (result_.error == 0) {
                result_.error = e.error;
                result_.error_text = e.what();
            }
        }
    }
    if (!job.environment.exec_postrun.empty()) {
        run_job_command(job.name, job.environment.exec_postrun, "postrun", log_);
    }
    result_.zone_resets = loop.zone_resets();
    if (iolog) {
        for (const auto& file : files) iolog->file_closed(file.index, monotonic_ns());
        if (std::string failure = iolog->finish(); !failure.empty() && result_.error == 0) {
            result_.error = EIO;
            result_.error_text = std::move(failure);
        }
    }
    write_job_logs(logs.get(), result_);

    record_thread_cpu_use(result_, usage_before);

    result_.job_runtime_ns = io_ns;
    for (int dir = 0; dir < sdk::kDataDirections; ++dir) {
        const bool active = issues(job.rw, dir);
        // A verifying write job reads too (its checks); those reads have a runtime.
        // As fio: a direction that moved no bytes (cpuio) has no runtime of its own.
        if (no_data) continue;
        if (active || result_.directions[dir].total_ios) result_.directions[dir].runtime_ns = io_ns;
    }
}

}  // namespace fio::core
