#include "run_banner.hpp"

#include <fmt/format.h>

#include <fio/sdk/format.hpp>
#include <fio/sdk/version.hpp>

namespace fio::outputs::normal {

std::string job_definition_line(const sdk::JobDescription& job, std::uint32_t kb_base) {
    const bool binary = sdk::is_binary_base(kb_base);
    const auto range = [&](std::size_t d) {
        return fmt::format("{}-{}", sdk::size_string(job.bs_min[d], binary),
                           sdk::size_string(job.bs_max[d], binary));
    };
    std::string out =
        fmt::format("{}: (g={}): rw={}, bs=(R) {}, (W) {}, (T) {}, ioengine={}, iodepth={}\n",
                    job.name, job.groupid, job.rw, range(0), range(1), range(2), job.ioengine,
                    job.iodepth);
    if (job.clones > 1) out += "...\n";
    return out;
}

std::string run_banner(const sdk::RunInfo& run, std::uint32_t kb_base) {
    std::string out;
    for (const auto& job : run.jobs) out += job_definition_line(job, kb_base);
    out += run.fio_version.empty() ? fmt::format("fio-{}", sdk::kFioVersion) : run.fio_version;
    out += fmt::format("\nStarting {} thread{}\n", run.total_threads,
                       run.total_threads == 1 ? "" : "s");
    return out;
}

}  // namespace fio::outputs::normal
