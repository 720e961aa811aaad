// --max-jobs, --max-size and --max-runtime of a server, applied to one submission.
#include "remote/job_policy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace fio::core {
namespace {

constexpr std::uint64_t kUnbounded = std::numeric_limits<std::uint64_t>::max();

std::uint64_t saturating_multiply(std::uint64_t a, std::uint64_t b) {
    if (a != 0 && b > kUnbounded / a) return kUnbounded;
    return a * b;
}

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
    return b > kUnbounded - a ? kUnbounded : a + b;
}

// The bytes one clone may address or transfer: its region (size=, or filesize= times
// nrfiles) or io_size= when larger. Nothing when the files' own sizes would decide.
std::optional<std::uint64_t> clone_bytes(const JobSpec& job) {
    if (job.size_percent > 0) return std::nullopt;
    std::uint64_t region = job.size;
    if (region == 0) region = saturating_multiply(job.file_size, job.nrfiles);
    if (region == 0 && job.io_size == 0) return std::nullopt;
    return std::max(region, job.io_size);
}

std::optional<std::string> jobs_cap(const std::vector<JobSpec>& jobs, std::uint64_t cap) {
    std::uint64_t total = 0;
    for (const auto& job : jobs) total = saturating_add(total, job.numjobs);
    if (total <= cap) return std::nullopt;
    return fmt::format("the submission has {} jobs (numjobs clones counted), over the server's cap "
                       "of {} (--max-jobs)", total, cap);
}

std::optional<std::string> size_cap(const std::vector<JobSpec>& jobs, std::uint64_t cap) {
    std::uint64_t total = 0;
    for (const auto& job : jobs) {
        const auto bytes = clone_bytes(job);
        if (!bytes) {
            return fmt::format("job '{}': its size would come from its files (no size=, filesize= or "
                               "io_size=, or size=N%), and the server caps size at {} bytes "
                               "(--max-size)", job.name, cap);
        }
        const std::uint64_t all_clones = saturating_multiply(*bytes, job.numjobs);
        if (all_clones > cap) {
            return fmt::format("job '{}': {} bytes ({} per clone x numjobs={}) is over the server's "
                               "cap of {} bytes (--max-size)", job.name, all_clones, *bytes, job.numjobs, cap);
        }
        total = saturating_add(total, all_clones);
    }
    if (total <= cap) return std::nullopt;
    return fmt::format("the submission's jobs address {} bytes together, over the server's cap of {} "
                       "bytes (--max-size)", total, cap);
}

// A job's time on the server: its longest start delay, its ramp and its runtime.
std::optional<std::string> runtime_cap(std::vector<JobSpec>& jobs, std::uint64_t cap) {
    for (auto& job : jobs) {
        const std::uint64_t before = saturating_add(job.startdelay_max_ns, job.ramp_time_ns);
        if (job.runtime_ns == 0) {
            if (before >= cap) {
                return fmt::format("job '{}': startdelay and ramp_time take {}, leaving no runtime "
                                   "under the server's cap of {} (--max-runtime)", job.name,
                                   seconds_text(before), seconds_text(cap));
            }
            job.runtime_ns = cap - before;  // it ends at its size or at the cap
            continue;
        }
        const std::uint64_t total = saturating_add(before, job.runtime_ns);
        if (total <= cap) continue;
        std::string text = fmt::format("job '{}': runtime={}", job.name, seconds_text(job.runtime_ns));
        if (before > 0) text += fmt::format(" (with startdelay and ramp_time: {})", seconds_text(total));
        return text + fmt::format(" is over the server's cap of {} (--max-runtime)", seconds_text(cap));
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> caps_refusal(std::vector<JobSpec>& jobs, const ServerPolicy& policy) {
    if (policy.max_jobs) {
        if (auto why = jobs_cap(jobs, *policy.max_jobs)) return why;
    }
    if (policy.max_size) {
        if (auto why = size_cap(jobs, *policy.max_size)) return why;
    }
    if (policy.max_runtime_ns) {
        if (auto why = runtime_cap(jobs, *policy.max_runtime_ns)) return why;
    }
    return std::nullopt;
}

}  // namespace fio::core
