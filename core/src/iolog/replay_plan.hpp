// read_iolog before the job starts: each clone's log is opened and read (whole, or up
// to its first I/O with read_iolog_chunked) and the job is reshaped to replay it.
#pragma once

#include "iolog/iolog_reader.hpp"
#include "jobs/job_spec.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace fio::core {

// The I/Os of a whole log, read once and shared by the clones that replay it.
struct ReplayLog {
    std::vector<std::string> files;     // as the log names them (or replay_redirect)
    std::vector<ReplayEntry> entries;
    std::array<std::uint64_t, 3> bytes{};    // read, write, trim
    std::array<std::uint32_t, 3> longest{};  // the longest I/O of each direction
    std::uint32_t trace_depth = 0;  // a blktrace trace: the depth its workload kept; else 0
};

struct ReplayPlan {
    // The job as it replays: the log's files (opened, never laid out, created when the
    // log writes them), its directions as rw=, buffers that hold its longest I/O.
    JobSpec job;
    std::shared_ptr<const ReplayLog> log;   // null with read_iolog_chunked
    std::shared_ptr<IoLogReader> reader;    // read_iolog_chunked: the rest of the log
};

// Logs already read for earlier clones of a job (each job reads with its own options).
struct ReplayLogCache {
    std::map<std::pair<const JobSpec*, std::string>, std::shared_ptr<const ReplayLog>> logs;
    const JobSpec* stdin_reader = nullptr;  // standard input can be read by one job only
    std::set<const JobSpec*> merged;        // jobs whose merge_blktrace_file is written
};

// What keeps `job` from replaying its read_iolog (an option a replay cannot honour),
// or nothing.
std::optional<std::string> replay_setup_problem(const JobSpec& job);

// merge_blktrace_file: merges the job's read_iolog traces into that file (when the job
// sets it; nothing otherwise). Throws IoLogError.
void merge_job_traces(const JobSpec& job);

// The replay of clone `clone` of `job` (null when the job replays nothing). `one_file`:
// the engine has no files (diskless), so every I/O goes to its one handle. Throws
// IoLogError ("PATH:LINE: ...") for a log that cannot be replayed.
std::shared_ptr<ReplayPlan> plan_replay(const JobSpec& job, std::uint32_t clone, bool one_file,
                                        ReplayLogCache& cache);

}  // namespace fio::core
