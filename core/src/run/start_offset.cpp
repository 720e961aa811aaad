#include "run/start_offset.hpp"

#include "run/file_setup.hpp"
#include "run/run_plan.hpp"
#include "workload/block_size_chooser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace fio::core {

std::uint64_t percent_start_offset(const JobSpec& job, const std::vector<std::string>& paths,
                                   std::uint32_t clone) {
    const ShapeSpec& shapes = job.shapes;
    const double percent = std::max(shapes.offset_percent, 0.0) +
                           clone * std::max(shapes.offset_increment_percent, 0.0);
    const std::uint64_t bytes = (shapes.offset_percent >= 0 ? 0 : job.offset) +
                                (shapes.offset_increment_percent >= 0 ? 0 : clone * shapes.offset_increment);
    std::uint64_t size = paths.empty() ? job.size : ~0ull;
    for (const auto& path : paths) {
        // As stock: a percentage of a file that does not exist yet is a percentage of
        // nothing (the job starts at its byte offset and lays the file out from there).
        const FileFacts facts = inspect_job_file(job, path);
        size = std::min(size, facts.exists ? facts.size : 0);
    }
    auto offset = bytes + static_cast<std::uint64_t>(
                              std::floor(static_cast<long double>(size) * percent / 100));
    std::uint64_t align = job.shapes.offset_align;
    if (align == 0) align = std::min(smallest_block_size(job, 0), smallest_block_size(job, 1));
    if (align > 1) offset = (offset + align - 1) / align * align;
    return offset;
}

}  // namespace fio::core
