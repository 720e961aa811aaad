#include "jobs/job_builder.hpp"

#include "jobs/job_limits.hpp"
#include "jobs/opendir_files.hpp"
#include "options/core_options.hpp"
#include "verify/verify_setup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

namespace fio::core {
namespace {

// Job threads and files in all, refused as soon as one job takes them over the limit: so
// a job file of a million sections stops at the first one too many, not after building
// all of them.
struct JobTotals {
    std::size_t threads = 0;
    std::size_t files = 0;
    std::size_t settings = 0;

    // Before a job is built: every [global] option so far is applied to each job again, so
    // 100,000 global lines and 4096 jobs would take minutes without this cap.
    void add_settings(const RawSection& section, std::size_t defaults) {
        settings += defaults + section.options.size();
        if (settings > kMaxJobSettings) {
            throw JobFileError(fmt::format("{}: job '{}': over {} option settings over every job "
                                           "([global] options count once for each job after them)",
                                           section.where.describe(), section.name, kMaxJobSettings));
        }
    }

    void add(const JobSpec& job) {
        threads += job.numjobs;
        if (threads > kMaxJobThreads) {
            throw JobFileError(fmt::format("{}: job '{}': over {} job threads in all (numjobs "
                                           "counted); fio runs at most {}",
                                           job.where.describe(), job.name, kMaxJobThreads,
                                           kMaxJobThreads));
        }
        const std::size_t per_thread = job.filenames.empty() ? job.nrfiles : job.filenames.size();
        files += per_thread * job.numjobs;
        if (files > kMaxJobFiles) {
            throw JobFileError(fmt::format("{}: job '{}': over {} files in all (nrfiles times "
                                           "numjobs, over every job); fio opens at most {}",
                                           job.where.describe(), job.name, kMaxJobFiles,
                                           kMaxJobFiles));
        }
    }
};

}  // namespace

std::vector<JobSpec> build_jobs(const std::vector<RawSection>& sections,
                                const JobBuildOptions& options) {
    std::vector<LocatedOption> defaults;  // every [global] option seen so far
    std::vector<JobSpec> jobs;
    std::map<std::string, SourceLocation> names;
    std::uint32_t group = 0;
    JobTotals totals;

    for (const auto& section : sections) {
        if (section.is_global()) {
            defaults.insert(defaults.end(), section.options.begin(), section.options.end());
            continue;
        }
        totals.add_settings(section, defaults.size());
        JobSpec job;
        job.name = section.name;
        job.where = section.where;
        try {
            // A job is named by its section (or a name= inside it): stock fio ignores
            // name= in [global] for naming, so [a] and [b] stay "a" and "b".
            for (const auto& option : defaults) {
                if (option.name != "name") apply_option(job, option);
            }
            // Reports keep the global options apart from the job's own, as stock's JSON
            // does ("global options", "job options"); --name=x is one of a command-line
            // job's own options, a job file's section name is none.
            job.global_given = std::exchange(job.given, {});
            if (section.where.file.empty()) job.given.emplace_back("name", section.name);
            for (const auto& option : section.options) apply_option(job, option);
        } catch (const OptionError& e) {
            throw JobFileError(e.what());
        }
        // As stock, on stdout: clones that write and verify one named file.
        if (job.verify.enabled() && writes(job.rw) && job.numjobs > 1 && !job.filenames.empty()) {
            job.info_lines.emplace_back("multiple writers may overwrite blocks that belong to other "
                                        "jobs. This can cause verification failures.");
        }
        if (!job.opendir.empty()) {
            try {
                const std::vector<std::string> found = files_below(job.opendir);
                job.filenames.insert(job.filenames.end(), found.begin(), found.end());
                job.info_lines.push_back(fmt::format("opendir added {} files", found.size()));
            } catch (const std::runtime_error& e) {
                throw JobFileError(fmt::format("{}: job '{}': {}", job.where.describe(),
                                               job.name, e.what()));
            }
        }
        if (job.atomic) job.direct = true;  // as stock on Linux: O_DIRECT, no O_ATOMIC
        if (job.time_based && job.runtime_ns == 0) {
            // As stock: warned, and the job runs its size once.
            job.stock_warnings.emplace_back("time_based requires a runtime/timeout setting");
            job.time_based = false;
        }
        if (const auto warning = verify_setup_warning(job)) {
            // As stock: said once per clone, on stdout.
            for (std::uint32_t clone = 0; clone < job.numjobs; ++clone) job.info_lines.push_back(*warning);
        }
        if (job.logs.histogram_stays_text()) {
            job.warnings.push_back(
                "log_store_compressed: the histogram log (write_hist_log) is written as text "
                "(P_clat_hist.N.log), since stock fio 3.33 stores memory addresses in place of "
                "its counts");
        }
        // Stock fio runs jobs that share a name (several [same] sections); wait_for
        // then waits for every earlier one.
        names.emplace(job.name, job.where);
        // A replay does what its log says, not rw=: it leaves the log's writes out.
        job.replay.read_only = options.readonly;
        job.verify.state_dir = options.aux_path;
        if (options.readonly && !job.replay.replays() && (writes(job.rw) || trims(job.rw))) {
            throw JobFileError(fmt::format("{}: job '{}' {} (rw={}), but --readonly is set",
                                           job.where.describe(), job.name,
                                           writes(job.rw) ? "writes" : "trims", to_string(job.rw)));
        }
        if (!job.wait_for.empty() && !names.contains(job.wait_for)) {
            throw JobFileError(fmt::format("{}: job '{}': wait_for={} names no earlier job",
                                           job.where.describe(), job.name, job.wait_for));
        }
        if (!jobs.empty() && (job.stonewall || job.new_group)) ++group;
        job.group = group;
        totals.add(job);
        jobs.push_back(std::move(job));
    }
    return jobs;
}

JobSpec global_options_job(const std::vector<RawSection>& sections) {
    JobSpec job;
    job.name = "global";
    job.given.emplace_back("name", job.name);
    bool located = false;  // errors name the first [global] section
    for (const auto& section : sections) {
        if (!section.is_global()) continue;
        if (!located) job.where = section.where;
        located = true;
        try {
            for (const auto& option : section.options) {
                if (option.name != "name") apply_option(job, option);
            }
        } catch (const OptionError& e) {
            throw JobFileError(e.what());
        }
    }
    return job;
}

std::vector<RawSection> select_sections(const std::vector<RawSection>& sections,
                                        const std::vector<std::string>& names) {
    if (names.empty()) return sections;
    for (const auto& wanted : names) {
        const bool found = std::any_of(sections.begin(), sections.end(),
                                       [&](const RawSection& s) { return s.name == wanted; });
        if (!found) throw JobFileError(fmt::format("--section={}: no job of that name", wanted));
    }
    std::vector<RawSection> selected;
    for (const auto& section : sections) {
        if (section.is_global() ||
            std::find(names.begin(), names.end(), section.name) != names.end()) {
            selected.push_back(section);
        }
    }
    return selected;
}

}  // namespace fio::core
