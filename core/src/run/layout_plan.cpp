#include "run/layout_plan.hpp"

#include "run/run_plan.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace fio::core {
namespace {

[[noreturn]] void refuse(const JobSpec& job, const std::string& what) {
    throw RunSetupError(fmt::format("{}: job '{}': {}", job.where.describe(), job.name, what));
}

std::uint64_t largest_block(const JobSpec& job) {
    return *std::max_element(job.block_size.begin(), job.block_size.end());
}

}  // namespace

bool plan_layout_region(const JobSpec& job, ThreadPlan& plan) {
    const FileLayoutSpec& layout = job.layout;
    if (layout.file_append) {
        if (job.size == 0) refuse(job, "size= is required with file_append");
        if (plan.paths.size() > 1) {
            refuse(job, "file_append over several files is not supported yet");
        }
        // As fio: the same as offset= the file's current size (regular files only).
        FileFacts facts;
        try {
            facts = inspect_file(plan.paths.front());
        } catch (const FileSetupError& e) {
            refuse(job, e.what());
        }
        if (!facts.block_device && !facts.char_device) plan.file_offset = facts.size;
        plan.bytes_per_file = job.size;
        return true;
    }
    if (!layout.fill_device) return false;
    if (reads(job.rw)) {
        refuse(job, "fill_device with a reading rw= is not supported yet (only writes)");
    }
    if (plan.paths.size() > 1) refuse(job, "fill_device over several files is not supported yet");
    const std::string& path = plan.paths.front();
    try {
        const FileFacts facts = inspect_file(path);
        if (facts.block_device) {
            // A device's size is known: it is written to its end.
            if (facts.size <= job.offset) refuse(job, fmt::format("offset is past the end of {}", path));
            plan.bytes_per_file = facts.size - job.offset;
            return true;
        }
        // Twice the free space: the file system runs out (ENOSPC ends the job) before
        // the region does, whatever it keeps for itself.
        const std::uint64_t bs = largest_block(job);
        plan.bytes_per_file = std::max(bs, (2 * free_space_for(path) + bs - 1) / bs * bs);
    } catch (const FileSetupError& e) {
        refuse(job, e.what());
    }
    return true;
}

bool sized_when_started(const JobSpec& job, const std::vector<std::string>& paths,
                        const std::vector<ThreadPlan>& earlier) {
    if (job.size != 0 || job.size_percent > 0 || job.file_size != 0 || paths.size() != 1) return false;
    return written_before(job, paths, earlier);
}

bool written_before(const JobSpec& job, const std::vector<std::string>& paths,
                    const std::vector<ThreadPlan>& earlier) {
    for (const auto& path : paths) {
        try {
            if (inspect_file(path).exists) continue;
        } catch (const FileSetupError&) {
            continue;  // the ordinary setup reports it
        }
        const bool written = std::any_of(earlier.begin(), earlier.end(), [&](const ThreadPlan& plan) {
            return plan.job != &job && writes(plan.job->rw) &&
                   std::find(plan.paths.begin(), plan.paths.end(), path) != plan.paths.end();
        });
        if (written) return true;
    }
    return false;
}

void FileUse::add(const ThreadPlan& plan) {
    const JobSpec& spec = *plan.job;
    if (job == nullptr) {
        job = &spec;
        this->plan = &plan;
        fallocate = spec.layout.fallocate;
        sync = spec.layout.create_fsync;
    }
    may_create = may_create && spec.layout.allow_file_create;
    if (writes(spec.rw) && !spec.layout.allow_mounted_write) unguarded_write = true;
    if (spec.layout.create_on_open) return;  // the job's open makes it
    lay_out = true;
    read |= reads(spec.rw) || spec.layout.overwrite;
    // fill_device writes grow the file themselves, until the file system is full.
    if (!spec.layout.fill_device) bytes = std::max(bytes, plan.file_offset + plan.bytes_per_file);
}

bool needs_extension(const FileUse& use, const FileFacts& facts) {
    return use.lay_out && !facts.block_device && !facts.char_device &&
           (!facts.exists || facts.size < use.bytes);
}

std::string LayoutAnnouncement::line(const std::string& job_name) const {
    const bool several = files > 1;
    return fmt::format("{}: Laying out IO file{} ({} file{} / {}{}MiB)", job_name,
                       several ? "s" : "", files, several ? "s" : "", several ? "total " : "",
                       bytes >> 20);
}

void prepare_file(const std::string& path, const FileUse& use, const FileFacts& facts) {
    if (!facts.exists && !use.may_create) {
        throw FileSetupError(
            fmt::format("{}: file creation disallowed by allow_file_create=0", path), ENOENT);
    }
    if (facts.block_device && use.unguarded_write && is_mounted_block_device(path)) {
        throw FileSetupError(
            fmt::format("{} appears mounted, and 'allow_mounted_write' isn't set. Aborting.",
                        path),
            EBUSY);
    }
    if (use.lay_out) lay_out_file(path, use.bytes, use.read, use.fallocate, use.sync);
}

}  // namespace fio::core
