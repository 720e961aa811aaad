#include "run/run_plan.hpp"

#include "jobs/job_file_names.hpp"

#include "iolog/replay_plan.hpp"
#include "debug/debug_log.hpp"
#include "options/core_options.hpp"
#include "options/option_catalog.hpp"
#include "options/suggest.hpp"
#include "run/buffer_plan.hpp"
#include "run/engine_fit.hpp"
#include "run/file_setup.hpp"
#include "run/layout_plan.hpp"
#include "run/pacer.hpp"
#include "run/placement.hpp"
#include "run/shape_checks.hpp"
#include "run/start_offset.hpp"
#include "run/zone_checks.hpp"
#include "workload/block_size_chooser.hpp"
#include "verify/verify_setup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

namespace fio::core {
namespace {

std::string describe_unknown_option(const std::string& name, const sdk::PluginDescriptor& engine) {
    if (const EngineOwnedOption* owned = find_engine_owned_option(name)) {
        return fmt::format("option '{}' belongs to ioengine={}, not ioengine={}", name,
                           owned->engines, engine.name);
    }
    std::vector<std::string> candidates;
    for (const auto& option : core_options()) candidates.emplace_back(option.spec.name);
    for (const auto& entry : option_catalog()) candidates.emplace_back(entry.spec.name);
    for (std::size_t i = 0; i < engine.option_count; ++i) {
        candidates.emplace_back(engine.options[i].name);
    }
    const std::string hint = closest_match(name, candidates);
    if (!hint.empty()) return fmt::format("unknown option '{}' (did you mean '{}'?)", name, hint);
    return fmt::format("unknown option '{}'", name);
}

// The bytes a clone does per pass: size=, or else the smallest existing file's size
// times the number of files (so every file is covered once).
// As stock fio: filesize= is each file's size, so the job's region in a file runs
// from its offset to that end (a file is laid out to exactly filesize=, and size=
// larger than the files gives no second pass; io_size= does).
std::uint64_t region_within_filesize(const JobSpec& job, std::uint64_t offset) {
    if (offset >= job.file_size) {
        throw RunSetupError(fmt::format(
            "{}: job '{}': offset {} leaves nothing of each file: filesize= is {} bytes",
            job.where.describe(), job.name, offset, job.file_size));
    }
    return job.file_size - offset;
}

// size=N%: that share of a file of `file_size` bytes (from its start), at most
// `region`, in whole blocks of `bs`, as stock sizes each file.
std::uint64_t percent_region(const JobSpec& job, std::uint64_t file_size, std::uint64_t region,
                             std::uint64_t bs) {
    const auto share =
        static_cast<std::uint64_t>(static_cast<long double>(file_size) * job.size_percent / 100);
    region = std::min(region, share);
    return bs > 1 ? region - region % bs : region;
}

std::uint64_t bytes_per_pass(const JobSpec& job, const std::vector<std::string>& paths,
                             std::uint64_t offset) {
    if (job.size > 0) return job.size;
    if (job.file_size > 0) return job.file_size * paths.size();
    std::uint64_t smallest = ~0ull;
    const std::uint64_t bs = std::min(smallest_block_size(job, 0), smallest_block_size(job, 1));
    for (const auto& path : paths) {
        const FileFacts facts = inspect_job_file(job, path);
        if (!facts.exists || facts.size == 0) {
            if (facts.char_device) {
                throw RunSetupError(fmt::format("{}: job '{}': size= is required for device {}",
                                                job.where.describe(), job.name, path));
            }
            throw RunSetupError(fmt::format(
                "{}: job '{}': size= is required: {} does not exist yet or is empty",
                job.where.describe(), job.name, path));
        }
        if (facts.size <= offset) {
            throw RunSetupError(fmt::format("{}: job '{}': offset {} is past the end of {} ({} bytes)",
                                            job.where.describe(), job.name, offset, path,
                                            facts.size));
        }
        std::uint64_t region = facts.size - offset;
        if (job.size_percent > 0) region = percent_region(job, facts.size, region, bs);
        smallest = std::min(smallest, region);
    }
    return smallest * paths.size();
}

// The region of a job whose engine has no files (null, diskless): size=, or else the
// files it would have, as stock sizes them: nrfiles (or the filename= list) of
// filesize= bytes each, from offset= to their end, size=N% of each, and size= capped
// at their total.
std::uint64_t diskless_region(const JobSpec& job, std::uint64_t offset, const char* engine) {
    if (job.file_size == 0) {
        if (job.size_percent > 0) {
            throw RunSetupError(fmt::format(
                "{}: job '{}': size={}% needs files to take a share of; ioengine={} has "
                "none: give size in bytes, or filesize=",
                job.where.describe(), job.name, job.size_percent, engine));
        }
        if (job.size == 0) {
            throw RunSetupError(fmt::format("{}: job '{}': size= or filesize= is required with "
                                            "ioengine={}",
                                            job.where.describe(), job.name, engine));
        }
        return job.size;
    }
    std::uint64_t per_file = region_within_filesize(job, offset);
    if (job.size_percent > 0) {
        const std::uint64_t bs = std::min(smallest_block_size(job, 0), smallest_block_size(job, 1));
        per_file = percent_region(job, job.file_size, per_file, bs);
    }
    const std::uint64_t files = job.filenames.empty() ? job.nrfiles : job.filenames.size();
    const std::uint64_t total = per_file * files;
    return job.size > 0 ? std::min(job.size, total) : total;
}

// read_iolog: the clone replays its log, on the log's files (never laid out).
void plan_replayed_files(const JobSpec& job, ThreadPlan& plan, bool diskless,
                         ReplayLogCache& logs) {
    try {
        plan.replay = plan_replay(job, plan.clone_index, diskless, logs);
    } catch (const IoLogError& e) {
        throw RunSetupError(fmt::format("{}: job '{}': {}", job.where.describe(), job.name, e.what()));
    }
    const JobSpec& replayed = plan.replay->job;
    if (!diskless) plan.paths = file_paths(replayed, plan.clone_index);
    // What the progress line counts as the whole job: the log's bytes (at least a block).
    std::uint64_t bytes = largest_block_size(replayed);
    if (plan.replay->log) {
        const auto& log_bytes = plan.replay->log->bytes;
        bytes = std::max(bytes, (log_bytes[0] + log_bytes[1] + log_bytes[2]) /
                                    std::max<std::size_t>(1, plan.paths.size()));
    }
    plan.bytes_per_file = bytes;
    plan.file_offset = 0;
}


std::uint32_t engine_flags(const ThreadPlan& plan) {
    return plan.engine_plugin ? plan.engine_plugin->descriptor().flags : 0;
}

// filecreate: creating the files is what the job measures.
bool creates_its_files(const ThreadPlan& plan) {
    return (engine_flags(plan) & sdk::kEngineCreatesFiles) != 0;
}

// filestat, filedelete, filecreate: the engine works on names, never on a descriptor.
bool opens_no_files(const ThreadPlan& plan) {
    return (engine_flags(plan) & (sdk::kEngineNamesFiles | sdk::kEngineCreatesFiles)) != 0;
}

}  // namespace

FileFacts inspect_job_file(const JobSpec& job, const std::string& path) {
    try {
        return inspect_file(path);
    } catch (const FileSetupError& e) {
        throw RunSetupError(fmt::format("{}: job '{}': {}", job.where.describe(), job.name, e.what()));
    }
}

std::vector<ThreadPlan> plan_threads(const std::vector<JobSpec>& jobs, PluginRegistry& registry,
                                     PlanDepth depth) {
    std::vector<ThreadPlan> plans;
    ReplayLogCache replay_logs;
    for (const JobSpec& job : jobs) {
        if (job.name.empty()) throw RunSetupError("a job has no name");
        if (const auto problem = verify_setup_problem(job)) {
            throw RunSetupError(fmt::format("{}: job '{}': {}", job.where.describe(), job.name, *problem));
        }
        if (const auto problem = replay_setup_problem(job)) {
            throw RunSetupError(fmt::format("{}: job '{}': {}", job.where.describe(), job.name, *problem));
        }
        std::shared_ptr<LoadedPlugin> engine;
        try {
            engine = registry.find(sdk::PluginKind::engine, job.ioengine);
        } catch (const PluginError& e) {
            throw RunSetupError(fmt::format("{}: job '{}': ioengine={}: {}", job.where.describe(),
                                            job.name, job.ioengine, e.what()));
        }
        const sdk::PluginDescriptor& descriptor = engine->descriptor();
        if (const auto problem = engine_flag_problem(job, descriptor)) {
            throw RunSetupError(fmt::format("{}: job '{}': {}", job.where.describe(), job.name, *problem));
        }
        for (const std::string& warning : engine_flag_warnings(job, descriptor)) {
            std::fprintf(stderr, "fio: warning: %s\n", warning.c_str());
        }
        std::vector<LocatedOption> unclaimed;
        std::shared_ptr<const PluginOptionValues> engine_options;
        try {
            engine_options = std::make_shared<PluginOptionValues>(
                std::span(descriptor.options, descriptor.option_count), job.engine_options,
                job.kb_base, unclaimed);
        } catch (const OptionError& e) {
            throw RunSetupError(e.what());
        }
        if (!unclaimed.empty()) {
            throw RunSetupError(fmt::format("{}: {}", unclaimed.front().where.describe(),
                                            describe_unknown_option(unclaimed.front().name, descriptor)));
        }
        try {
            check_pacing(job);
        } catch (const PacingError& e) {
            throw RunSetupError(fmt::format("{}: job '{}': {}", job.where.describe(), job.name, e.what()));
        }
        // IoUnit::sync_kind came with ABI 1.1: an older engine would fsync instead.
        if ((job.syncs.fdatasync_every || job.syncs.sync_file_range_every) &&
            descriptor.abi_minor < 1) {
            throw RunSetupError(fmt::format(
                "{}: job '{}': ioengine={} was built against plugin ABI {}.{}, which cannot "
                "ask for fdatasync or sync_file_range (1.1 can): rebuild it, or use fsync=",
                job.where.describe(), job.name, descriptor.name, descriptor.abi_major,
                descriptor.abi_minor));
        }
        // Files stay open for the whole job: a limit below their number can only be
        // kept by an engine that holds none open (it works on their names).
        const std::size_t file_count = job.filenames.empty() ? job.nrfiles : job.filenames.size();
        if (job.layout.openfiles != 0 && job.layout.openfiles < file_count &&
            (descriptor.flags & (sdk::kEngineNamesFiles | sdk::kEngineCreatesFiles)) == 0) {
            throw RunSetupError(fmt::format(
                "{}: job '{}': openfiles={} is not supported with ioengine={}: it keeps each "
                "of the job's {} files open for the whole job (closing and reopening files "
                "as I/O moves between them is not implemented)",
                job.where.describe(), job.name, job.layout.openfiles, descriptor.name,
                file_count));
        }
        const bool diskless = (descriptor.flags & sdk::kEngineDiskless) != 0;
        for (std::uint32_t clone = 0; clone < job.numjobs; ++clone) {
            ThreadPlan plan;
            plan.job = &job;
            plan.clone_index = clone;
            plan.thread_number = static_cast<std::uint32_t>(plans.size() + 1);
            plan.engine_plugin = engine;
            plan.engine_options = engine_options;
            plan.file_offset = job.offset + clone * job.shapes.offset_increment;
            if (depth == PlanDepth::jobs_only) {
                plans.push_back(std::move(plan));
                continue;
            }
            if (job.replay.replays()) {
                plan_replayed_files(job, plan, diskless, replay_logs);
                plans.push_back(std::move(plan));
                continue;
            }
            if (diskless && job.size == 0 && job.file_size == 0 &&
                (descriptor.flags & sdk::kEngineNoData) != 0) {
                // No bytes to count (cpuio): a region of one block keeps the loop going
                // until runtime= ends it.
                plan.bytes_per_file = *std::max_element(job.block_size.begin(), job.block_size.end());
            } else if (diskless) {
                plan.bytes_per_file = diskless_region(job, plan.file_offset, descriptor.name);
                if (job.shapes.offset_percent >= 0 || job.shapes.offset_increment_percent >= 0) {
                    plan.file_offset = percent_start_offset(job, plan.paths, clone);
                }
            } else {
                plan.paths = file_paths(job, clone);
                if (job.shapes.offset_percent >= 0 || job.shapes.offset_increment_percent >= 0) {
                    plan.file_offset = percent_start_offset(job, plan.paths, clone);
                    plan.offset_percent_at_start = written_before(job, plan.paths, plans);
                }
                if (sized_when_started(job, plan.paths, plans)) {
                    plan.bytes_per_file = 0;  // the job thread sizes it from the file
                } else if (!plan_layout_region(job, plan)) {
                    plan.bytes_per_file = bytes_per_pass(job, plan.paths, plan.file_offset) / plan.paths.size();
                    if (job.file_size > 0) {
                        plan.bytes_per_file = std::min(plan.bytes_per_file,
                                                       region_within_filesize(job, plan.file_offset));
                    }
                }
            }
            check_zone_options(job, std::max<std::size_t>(1, plan.paths.size()));
            check_shape_options(job);
            const std::uint64_t smallest_bs =
                *std::min_element(job.block_size.begin(), job.block_size.end());
            // 0: sized when the job starts (sized_when_started), checked then.
            if (plan.bytes_per_file != 0 && plan.bytes_per_file < smallest_bs) {
                throw RunSetupError(fmt::format(
                    "{}: job '{}': size {} is smaller than the block size {}",
                    job.where.describe(), job.name, plan.bytes_per_file, smallest_bs));
            }
            plans.push_back(std::move(plan));
        }
    }
    if (depth != PlanDepth::jobs_only) {
        plan_buffer_contents(plans);
        plan_placement(plans);
    }
    return plans;
}

namespace {

// Runs `prepare` on each job's paths in a thread of its own; the first failure (in job
// order) is rethrown once all are done.
using PathsOfJobs = std::vector<std::pair<const JobSpec*, std::vector<std::string>>>;

void lay_out_in_parallel(const PathsOfJobs& jobs,
                         const std::function<void(const std::string&)>& prepare) {
    std::vector<std::exception_ptr> failures(jobs.size());
    std::vector<std::thread> threads;
    threads.reserve(jobs.size());
    std::size_t slot = 0;
    for (const auto& [job, paths] : jobs) {
        threads.emplace_back([&prepare, &paths = paths, &failure = failures[slot]] {
            try {
                for (const auto& path : paths) prepare(path);
            } catch (...) {
                failure = std::current_exception();
            }
        });
        ++slot;
    }
    for (auto& thread : threads) thread.join();
    for (const auto& failure : failures) {
        if (failure) std::rethrow_exception(failure);
    }
}

}  // namespace

void prepare_files(const std::vector<ThreadPlan>& plans,
                   const std::function<void(const std::string&)>& log) {
    std::map<std::string, FileUse> uses;
    std::vector<std::string> order;
    for (const auto& plan : plans) {
        if (creates_its_files(plan)) continue;  // filecreate: the files are its I/O
        if (plan.replay) continue;  // a replay uses the files as they are
        for (const auto& path : plan.paths) {
            auto [it, inserted] = uses.try_emplace(path);
            if (inserted) order.push_back(path);
            it->second.add(plan);
        }
    }
    // create_serialize=0: the files whose first job set it are laid out by one thread
    // per such job, all at once, after the serialised ones (stock lays them out in the
    // job threads, which start together).
    // Stock announces, once per clone and before laying them out, the files that clone
    // has to extend (whether it reads or only writes them).
    std::map<const ThreadPlan*, LayoutAnnouncement> announcements;
    for (const auto& path : order) {
        const FileUse& use = uses.at(path);
        try {
            if (!needs_extension(use, inspect_file(path))) continue;
        } catch (const FileSetupError&) {
            continue;  // preparing it reports the problem
        }
        LayoutAnnouncement& announcement = announcements[use.plan];
        ++announcement.files;
        announcement.bytes += use.bytes;
    }
    PathsOfJobs parallel;
    std::mutex log_mutex;  // the parallel layouts log from their threads
    const auto prepare = [&](const std::string& path) {
        const FileUse& use = uses.at(path);
        try {
            const FileFacts facts = inspect_file(path);
            debug(DebugType::file, "prepare {}: {} bytes needed, {}", path, use.bytes,
                  facts.exists ? fmt::format("{} there", facts.size) : std::string("missing"));
            if (const auto it = announcements.find(use.plan); it != announcements.end()) {
                const std::lock_guard lock(log_mutex);
                if (!it->second.told) log(it->second.line(use.job->name));
                it->second.told = true;
            }
            prepare_file(path, use, facts);
        } catch (const FileSetupError& e) {
            throw RunSetupError(fmt::format("job '{}': {}", use.job->name, e.what()));
        }
    };
    for (const auto& path : order) {
        const FileUse& use = uses[path];
        if (use.job != nullptr && !use.job->layout.create_serialize) {
            auto it = std::find_if(parallel.begin(), parallel.end(),
                                   [&](const auto& entry) { return entry.first == use.job; });
            if (it == parallel.end()) it = parallel.insert(parallel.end(), {use.job, {}});
            it->second.push_back(path);
        } else {
            prepare(path);
        }
    }
    if (!parallel.empty()) lay_out_in_parallel(parallel, prepare);
    for (const auto& plan : plans) {
        const JobSpec& job = *plan.job;
        if (!job.direct || opens_no_files(plan) || plan.replay) continue;
        for (const auto& path : plan.paths) {
            for (int dir = 0; dir < 2; ++dir) {
                const bool used = dir == 0 ? reads(job.rw) : writes(job.rw);
                if (!used) continue;
                try {
                    check_direct_alignment(path, job.block_size[dir], plan.bytes_per_file,
                                           plan.file_offset);
                } catch (const FileSetupError& e) {
                    throw RunSetupError(fmt::format("{}: job '{}': {}", job.where.describe(),
                                                    job.name, e.what()));
                }
            }
        }
    }
}

}  // namespace fio::core
