#include "run/zone_checks.hpp"

#include "run/run_plan.hpp"

#include <fmt/format.h>

namespace fio::core {

void check_zone_options(const JobSpec& job, std::size_t file_count) {
    const ZoneSpec& zones = job.zones;
    auto fail = [&](const std::string& what) {
        throw RunSetupError(fmt::format("{}: job '{}': {}", job.where.describe(), job.name, what));
    };
    if (zones.mode == ZoneMode::none && zones.size != 0) {
        fail("zonemode=none and zonesize are not compatible: add zonemode=strided");
    }
    if (zones.mode != ZoneMode::strided) return;
    if (zones.size == 0) fail("zonesize must be specified when using zonemode=strided");
    if (file_count > 1) {
        fail(fmt::format("zonemode=strided over {} files is not supported: zones are walked "
                         "in one file only",
                         file_count));
    }
}

}  // namespace fio::core
