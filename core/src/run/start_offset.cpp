#include "run/start_offset.hpp"

#include "run/file_setup.hpp"
#include "run/run_plan.hpp"
#include "workload/block_size_chooser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace fio::core {

std::uint64_t percent_start_offset(const JobSpec& job, const std::vector<std::string>& paths) {
    std::uint64_t size = paths.empty() ? job.size : ~0ull;
    for (const auto& path : paths) {
        const FileFacts facts = inspect_job_file(job, path);
        if (!facts.exists || facts.size == 0) {
            throw RunSetupError(fmt::format(
                "{}: job '{}': offset={}% needs the size of {}, which does not exist yet or is "
                "empty: give the offset in bytes",
                job.where.describe(), job.name, job.shapes.offset_percent, path));
        }
        size = std::min(size, facts.size);
    }
    auto offset = static_cast<std::uint64_t>(
        std::floor(static_cast<long double>(size) * job.shapes.offset_percent / 100));
    std::uint64_t align = job.shapes.offset_align;
    if (align == 0) align = std::min(smallest_block_size(job, 0), smallest_block_size(job, 1));
    if (align > 1) offset = (offset + align - 1) / align * align;
    return offset;
}

}  // namespace fio::core
