// A job as the runner needs it: every option resolved to a typed value. All job
// readers (command line now, INI and TOML files later) produce these.
#pragma once

#include "jobs/buffer_spec.hpp"
#include "jobs/measure_spec.hpp"
#include "jobs/environment_spec.hpp"
#include "jobs/error_spec.hpp"
#include "jobs/file_layout_spec.hpp"
#include "jobs/file_service_spec.hpp"
#include "jobs/memory_spec.hpp"
#include "jobs/placement_spec.hpp"
#include "jobs/verify_spec.hpp"
#include "jobs/sync_spec.hpp"
#include "jobs/zone_spec.hpp"
#include "jobs/log_spec.hpp"
#include "jobs/priority_spec.hpp"
#include "jobs/shape_spec.hpp"
#include "jobs/pacing_spec.hpp"
#include "jobs/latency_spec.hpp"
#include "jobs/replay_spec.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace fio::core {

// fio's rw= patterns. Mixed patterns split reads and writes by `rwmix_read`; the
// trimwrite patterns trim a block and then write the same block (trim_then_write).
enum class RwPattern {
    read, write, randread, randwrite, readwrite, randrw, trim, randtrim, trimwrite, randtrimwrite
};

inline bool is_random(RwPattern p) noexcept {
    return p == RwPattern::randread || p == RwPattern::randwrite || p == RwPattern::randrw ||
           p == RwPattern::randtrim || p == RwPattern::randtrimwrite;
}
inline bool reads(RwPattern p) noexcept {
    return p == RwPattern::read || p == RwPattern::randread || p == RwPattern::readwrite ||
           p == RwPattern::randrw;
}
inline bool writes(RwPattern p) noexcept {
    return p == RwPattern::write || p == RwPattern::randwrite || p == RwPattern::readwrite ||
           p == RwPattern::randrw || p == RwPattern::trimwrite || p == RwPattern::randtrimwrite;
}
inline bool trims(RwPattern p) noexcept {
    return p == RwPattern::trim || p == RwPattern::randtrim || p == RwPattern::trimwrite ||
           p == RwPattern::randtrimwrite;
}
// Each trim is followed by a write of the block it trimmed.
inline bool trim_then_write(RwPattern p) noexcept {
    return p == RwPattern::trimwrite || p == RwPattern::randtrimwrite;
}
// Whether the pattern issues I/O in data direction `dir` (0 read, 1 write, 2 trim).
inline bool issues(RwPattern p, int dir) noexcept {
    return dir == 0 ? reads(p) : dir == 1 ? writes(p) : trims(p);
}
// The direction whose bytes count towards size/io_size: as fio, a trimwrite job's
// trims come on top of its writes; a read+write mix counts both (returns -1).
inline int budget_direction(RwPattern p) noexcept {
    if (reads(p) && writes(p)) return -1;
    return reads(p) ? 0 : writes(p) ? 1 : 2;
}
// fio's progress letter of the workload: r/w/m/d random, R/W/M/D sequential (d: trim;
// trimwrite shows as a write).
inline char workload_letter(RwPattern rw) noexcept {
    const char letter = reads(rw) && writes(rw) ? 'm' : reads(rw) ? 'r' : writes(rw) ? 'w' : 'd';
    return is_random(rw) ? letter : static_cast<char>(letter - 'a' + 'A');
}
const char* to_string(RwPattern p) noexcept;

using OptionList = std::vector<std::pair<std::string, std::string>>;

// Where a piece of job text came from, for error messages.
struct SourceLocation {
    std::string file;   // empty: the command line
    unsigned line = 0;

    // "jobs.fio:12", or "command line".
    std::string describe() const;

    bool operator==(const SourceLocation&) const = default;
};

// An option as written, with its origin: what job readers produce.
struct LocatedOption {
    std::string name;
    std::string value;
    SourceLocation where;

    bool operator==(const LocatedOption&) const = default;
};

// fadvise_hint=: the access pattern told to the kernel when a job opens its files.
enum class FadviseHint {
    none,        // 0: no hint
    by_pattern,  // 1: random for a random rw=, sequential otherwise
    random,
    sequential,
};

struct JobSpec {
    std::string name;
    std::string description;
    SourceLocation where;        // the section (or --name) that defined the job
    OptionList given;            // the job's own options as written (canonical names)
    OptionList global_given;     // the [global] / before-the-first---name options it got
    std::vector<LocatedOption> engine_options;  // not the core's: the engine's to claim

    std::vector<std::string> filenames;  // empty: nrfiles names made from filename_format
    std::string opendir;                 // its files are added to filenames
    std::vector<std::string> info_lines; // said on stdout before the run ("fio: ...")
    std::uint32_t nrfiles = 1;
    std::string filename_format = "$jobname.$jobnum.$filenum";
    std::string directory;
    std::uint64_t size = 0;              // bytes per clone; 0: the file's own size
    double size_percent = 0;             // size=N%: of each file's size; 0: not given
    std::uint64_t offset = 0;            // where in each file the job's region starts
    std::uint64_t io_size = 0;           // bytes of I/O per loop; 0: size
    std::uint64_t file_size = 0;         // bytes of each file; 0: size / number of files
    std::uint32_t loops = 1;             // times the whole workload runs
    std::array<std::uint64_t, 3> block_size{4096, 4096, 4096};  // read, write, trim
    RwPattern rw = RwPattern::read;
    std::uint32_t rwmix_read = 50;       // percent of reads in mixed patterns
    std::string ioengine = "psync";
    std::uint32_t iodepth = 1;
    std::uint32_t iodepth_batch_submit = 1;   // most I/Os per commit; 0: all that are ready
    std::uint32_t iodepth_batch_complete_min = 1;
    std::uint32_t iodepth_batch_complete_max = 0;  // 0: iodepth
    std::uint32_t iodepth_low = 0;            // refill when in-flight falls to this; 0: iodepth
    bool serialize_overlap = false;           // hold an I/O back while one overlapping it flies
    bool direct = false;
    std::uint32_t latency_slices = 0;    // --profile=act: hourly latency slices to count; 0: none
    int open_sync_flag = 0;              // sync=: O_SYNC or O_DSYNC on every open; 0: none
    bool invalidate = true;              // drop the files' page cache at each pass
    FadviseHint fadvise_hint = FadviseHint::by_pattern;  // posix_fadvise hint at each open
    std::uint64_t runtime_ns = 0;        // 0: no limit
    std::uint64_t ramp_time_ns = 0;      // run this long before statistics count
    std::uint64_t startdelay_min_ns = 0; // wait a random time in [min, max] before starting
    std::uint64_t startdelay_max_ns = 0;
    bool time_based = false;
    bool atomic = false;                 // atomic=: O_DIRECT on Linux (set into direct)
    std::uint32_t numjobs = 1;
    bool norandommap = false;
    bool randrepeat = true;
    // randseed=: the seed every random generator of the job derives from. Runs repeat
    // when randrepeat=1, when randseed= is given, or with allrandrepeat=1 (stock's rules;
    // our sequences are not stock's, see docs/design-notes.md).
    std::uint64_t randseed = 0x89;
    bool randseed_given = false;
    bool allrandrepeat = false;
    // The seed is fixed by the options rather than drawn at run time.
    bool repeatable_random() const noexcept { return randrepeat || randseed_given || allrandrepeat; }
    std::uint32_t kb_base = 1024;
    std::uint32_t group = 0;             // reporting group, set by the job builder
    bool stonewall = false;              // wait for every earlier job before starting
    bool new_group = false;              // start a new reporting group
    bool group_reporting = false;        // report the group's clones and jobs as one
    std::string wait_for;                // start only after the job of this name ended
    ZoneSpec zones;                      // zonemode=strided and its zone sizes
    BufferSpec buffers;                  // what written buffers hold
    PlacementSpec placement;             // CPUs, NUMA nodes and nice of the job's threads
    LogSpec logs;                        // per-job log files (write_*_log)
    FileLayoutSpec layout;               // fallocate, fill_device, create_*, unlink ...
    FileServiceSpec file_service;        // which file the next I/O goes to
    ErrorSpec errors;                    // continue_on_error, ignore_error
    SyncSpec syncs;                      // fsync=N, end_fsync, fsync_on_close
    PrioritySpec priority;               // prio, prioclass of the job's threads
    ShapeSpec shapes;                    // variable block sizes, offset shapes
    MemorySpec memory;                   // the memory behind the I/O buffers (mem=)
    PacingSpec pacing;                   // rate, think time, I/O counts, exitall
    LatencySpec latency;                 // latency_target search, max_latency
    // Our own notes (options accepted without effect here...), said once each; unlike
    // stock_warnings they never fail a run under --warnings-fatal, as stock has none.
    std::vector<std::string> warnings;
    // The warnings stock fio's parser gives ("fio: ..."), one per job as stock prints
    // them; --warnings-fatal makes them fail the run, as it does stock's.
    std::vector<std::string> stock_warnings;
    MeasureSpec measure;                 // what is measured and how it is reported
    VerifySpec verify;                   // data verification (verify* options)
    ReplaySpec replay;                   // write_iolog, read_iolog and replay_* options
    EnvironmentSpec environment;         // exec_*run, ioscheduler, uid/gid, write_hint, lockfile

    bool operator==(const JobSpec&) const = default;
};

}  // namespace fio::core
