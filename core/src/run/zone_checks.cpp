#include "run/zone_checks.hpp"

#include "run/run_plan.hpp"
#include "workload/block_size_chooser.hpp"

#include <fmt/format.h>

namespace fio::core {

namespace {

template <typename Fail>
void check_zbd_options(const JobSpec& job, const Fail& fail) {
    const ZoneSpec& zones = job.zones;
    // fio's own words for the mistakes it also refuses.
    if (zones.size == 0) {
        fail("Specifying the zone size is mandatory for regular file/block device with "
             "--zonemode=zbd");
    }
    if (zones.capacity > zones.size) {
        fail(fmt::format("job parameter zonecapacity {} is larger than zone size {}",
                         zones.capacity, zones.size));
    }
    if (zones.job_max_open_zones != 0 && zones.max_open_zones == 0) {
        fail("'job_max_open_zones' cannot be used without a global open zones limit");
    }
    if (largest_block_size(job) > zones.size) {
        fail(fmt::format("block size {} exceeds the zone size {} (fio: I/O buflen exceeds "
                         "zone size)",
                         largest_block_size(job), zones.size));
    }
    if (zones.skip % zones.size != 0) {
        fail(fmt::format("zoneskip {} is not a multiple of the device zone size {}.", zones.skip,
                         zones.size));
    }
    // zoneskip applies to sequential jobs only (fio ignores it for random ones); they walk
    // the zones as zonemode=strided does.
    if (zones.skip != 0 && !is_random(job.rw)) {
        if (reads(job.rw)) {
            fail("zoneskip with sequential reads in zonemode=zbd is not supported yet: the "
                 "zone walk does not stop at the write pointers");
        }
        if (!block_size_rule(job, 1).fixed() || job.shapes.has_rw_modifier) {
            fail("zoneskip in zonemode=zbd with bsrange/bssplit or rw=...:N is not supported "
                 "yet: zones are walked with one block size");
        }
    }
    // What the emulation does not do (yet).
    if (job.verify.enabled()) {
        fail("verify with zonemode=zbd is not supported yet: zones are not reset before "
             "writing data to check");
    }
    if (trims(job.rw)) {
        fail(fmt::format("rw={} with zonemode=zbd is not supported yet: a trim of emulated "
                         "zones (a zone reset) is not implemented",
                         to_string(job.rw)));
    }
}

}  // namespace

void check_zone_options(const JobSpec& job, std::size_t file_count) {
    const ZoneSpec& zones = job.zones;
    auto fail = [&](const std::string& what) {
        throw RunSetupError(fmt::format("{}: job '{}': {}", job.where.describe(), job.name, what));
    };
    if (zones.mode == ZoneMode::none && zones.size != 0) {
        fail("zonemode=none and zonesize are not compatible: add zonemode=strided");
    }
    if (zones.mode == ZoneMode::zbd) {
        check_zbd_options(job, fail);
        if (job.zones.skip != 0 && !is_random(job.rw) && file_count > 1) {
            fail(fmt::format("zoneskip in zonemode=zbd over {} files is not supported: zones "
                             "are walked in one file only",
                             file_count));
        }
        return;
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
