#include "iolog/replay_plan.hpp"

#include "iolog/blktrace_merge.hpp"
#include "iolog/blktrace_reader.hpp"
#include "jobs/given_flag.hpp"
#include "workload/block_size_chooser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

namespace fio::core {
namespace {

// The rw= that covers what the log does. No pattern reads and trims, so a log that
// does both replays as readwrite (its trims are issued all the same).
RwPattern pattern_for(bool reads, bool writes, bool trims) noexcept {
    if (reads) return writes || trims ? RwPattern::readwrite : RwPattern::read;
    if (trims) return writes ? RwPattern::trimwrite : RwPattern::trim;
    return RwPattern::write;
}

void say_left_out(const JobSpec& job, std::uint64_t left_out) {
    if (left_out == 0) return;
    // As stock says it (it counts the trims in too).
    std::fprintf(stderr, "fio: <%s> skips replay of %llu writes due to read-only\n",
                 job.name.c_str(), static_cast<unsigned long long>(left_out));
}

std::shared_ptr<const ReplayLog> read_whole_log(const JobSpec& job, const std::string& path,
                                                const ReplayReading& reading) {
    IoLogReader reader(path, reading);
    auto log = std::make_shared<ReplayLog>();
    while (reader.read(log->entries, 1 << 16) != 0) {
    }
    log->entries.shrink_to_fit();
    log->files = reader.files();
    log->bytes = reader.bytes();
    log->longest = reader.longest();
    say_left_out(job, reader.left_out_by_readonly());
    if (log->bytes[0] == 0 && log->bytes[1] == 0 && log->bytes[2] == 0) {
        throw IoLogError(fmt::format("read_iolog={}: the log has no read, write or trim to replay",
                                     path));
    }
    return log;
}

// A blktrace trace, read whole (also with read_iolog_chunked).
std::shared_ptr<const ReplayLog> read_whole_trace(const JobSpec& job, const std::string& path,
                                                  const ReplayReading& reading) {
    BlktraceReplay trace = read_blktrace(path, reading);
    say_left_out(job, trace.left_out_by_readonly);
    trace.log->trace_depth = trace.depth;
    return trace.log;
}

}  // namespace

void merge_job_traces(const JobSpec& job) {
    if (job.replay.merge_file.empty() || !job.replay.replays()) return;
    BlktraceMerge merge;
    merge.inputs = job.replay.read_iolog;
    merge.scalars = job.replay.merge_scalars;
    merge.iters = job.replay.merge_iters;
    merge.output = job.replay.merge_file;
    merge_blktraces(merge);
}

std::optional<std::string> replay_setup_problem(const JobSpec& job) {
    if (!job.replay.replays()) return std::nullopt;
    if (job.verify.enabled()) return "verifying a replay (verify= with read_iolog) is not implemented";
    if (job.zones.mode != ZoneMode::none) {
        return "zonemode= with read_iolog is not implemented: a replay issues the log's offsets";
    }
    return std::nullopt;
}

std::shared_ptr<ReplayPlan> plan_replay(const JobSpec& job, std::uint32_t clone, bool one_file,
                                        ReplayLogCache& cache) {
    const ReplaySpec& spec = job.replay;
    if (!spec.replays()) return nullptr;
    if (!spec.merge_file.empty() && cache.merged.insert(&job).second) merge_job_traces(job);
    const std::string& path =
        spec.merge_file.empty() ? spec.read_iolog[clone % spec.read_iolog.size()] : spec.merge_file;
    const bool blktrace = path != "-" && is_blktrace_file(path);
    ReplayReading reading;
    reading.spec = spec;
    reading.one_file = one_file || !spec.redirect.empty();

    if (clone == 0 && !spec.write_iolog.empty()) {
        std::fputs("fio: read iolog overrides write_iolog\n", stderr);  // as stock says it
    }
    if (path == "-") {
        // Standard input can be read once: by one job, whose clones share it whole (read
        // in chunks, it feeds one clone).
        if ((cache.stdin_reader && cache.stdin_reader != &job) ||
            (cache.stdin_reader && spec.chunked)) {
            throw IoLogError("read_iolog=-: standard input is replayed by one job clone only "
                             "(or, without read_iolog_chunked, by the clones of one job)");
        }
        cache.stdin_reader = &job;
    }
    auto plan = std::make_shared<ReplayPlan>();
    JobSpec& replayed = plan->job;
    replayed = job;
    replayed.replay.write_iolog.clear();  // as in stock: "read iolog overrides write_iolog"
    std::vector<std::string> files;
    if (spec.chunked && !blktrace) {
        // The log is read as the replay goes: its files are those added before its first
        // I/O, and its I/Os must fit the job's buffers.
        reading.max_length = static_cast<std::uint32_t>(
            std::min<std::uint64_t>(largest_block_size(job), 0xFFFFFFFFu));
        plan->reader = std::make_shared<IoLogReader>(path, reading);
        plan->reader->read_file_lines();
        plan->reader->freeze_files();
        files = plan->reader->files();
        replayed.rw = RwPattern::readwrite;  // unknown until read: stock's choice too
    } else {
        // The clones of a job that replay the same file share it, read once.
        auto& log = cache.logs[{&job, path}];
        if (!log) {
            log = blktrace ? read_whole_trace(job, path, reading) : read_whole_log(job, path, reading);
        }
        if (log->trace_depth != 0 && !option_given(job, "iodepth")) {
            // As stock: the traced workload's depth, unless iodepth= was given.
            replayed.iodepth = log->trace_depth;
            replayed.iodepth_low = 0;
        }
        plan->log = log;
        files = log->files;
        replayed.rw = pattern_for(log->bytes[0] != 0, log->bytes[1] != 0, log->bytes[2] != 0);
        for (int dir = 0; dir < 3; ++dir) {
            replayed.shapes.max_block_size[dir] =
                std::max<std::uint64_t>(block_size_rule(job, dir).max, log->longest[dir]);
            replayed.shapes.bssplit[dir].clear();
        }
    }
    if (files.empty() && !one_file) {
        throw IoLogError(fmt::format("read_iolog={}: the log adds no file before its first I/O", path));
    }
    replayed.filenames = files;
    replayed.nrfiles = static_cast<std::uint32_t>(std::max<std::size_t>(1, files.size()));
    // The files are opened as they are: created (empty) only when the log writes them.
    replayed.layout.create_on_open = writes(replayed.rw) || trims(replayed.rw);
    return plan;
}

}  // namespace fio::core
