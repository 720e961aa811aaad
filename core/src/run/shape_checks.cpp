#include "run/shape_checks.hpp"

#include "run/run_plan.hpp"
#include "workload/block_size_chooser.hpp"

#include <fmt/format.h>

namespace fio::core {

void check_shape_options(const JobSpec& job) {
    if (job.zones.mode != ZoneMode::strided) return;
    const ShapeSpec& shapes = job.shapes;
    const char* what = nullptr;
    for (int dir = 0; dir < 2 && what == nullptr; ++dir) {
        if (!block_size_rule(job, dir).fixed()) what = "bsrange/bssplit";
    }
    if (shapes.distribution.kind != OffsetDistribution::uniform) what = "random_distribution";
    if (shapes.has_rw_modifier) what = "rw=...:N";
    if (shapes.block_align[0] || shapes.block_align[1]) what = "blockalign";
    if (what == nullptr) return;
    throw RunSetupError(fmt::format(
        "{}: job '{}': {} with zonemode=strided is not supported yet: zones are walked with "
        "one block size at uniform offsets",
        job.where.describe(), job.name, what));
}

}  // namespace fio::core
