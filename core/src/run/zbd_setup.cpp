#include "run/zbd_setup.hpp"

#include "run/file_setup.hpp"
#include "run/run_plan.hpp"
#include "workload/zbd_zones.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <fstream>
#include <map>
#include <memory>

namespace fio::core {
namespace {

// A host-managed or host-aware device reports its own zones; only the emulation of
// zones on devices without any is implemented.
bool is_zoned_block_device(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISBLK(st.st_mode)) return false;
    std::ifstream model(fmt::format("/sys/dev/block/{}:{}/queue/zoned", major(st.st_rdev),
                                    minor(st.st_rdev)));
    std::string text;
    // A partition has no queue of its own: the disk's is one level up.
    if (!(model >> text)) {
        std::ifstream parent(fmt::format("/sys/dev/block/{}:{}/../queue/zoned",
                                         major(st.st_rdev), minor(st.st_rdev)));
        if (!(parent >> text)) return false;
    }
    return text != "none";
}

// Rounds a writing job's region to whole zones, as fio does, logging its lines.
void align_region(ThreadPlan& plan, const std::string& path, std::uint64_t file_size,
                  std::uint64_t zone_size, const std::function<void(const std::string&)>& log,
                  const std::function<void(const std::string&)>& fail) {
    if (plan.bytes_per_file == 0 || plan.file_offset >= file_size) return;
    const std::uint64_t offset = plan.file_offset;
    const std::uint64_t bytes = plan.bytes_per_file;
    if (offset % zone_size != 0) {
        const std::uint64_t next = (offset / zone_size + 1) * zone_size;
        if (next >= offset + bytes) fail(fmt::format("{}: io_size must be at least one zone", path));
        log(fmt::format("{}: rounded up offset from {} to {}", path, offset, next));
        plan.bytes_per_file -= next - offset;
        plan.file_offset = next;
    }
    const std::uint64_t end = plan.file_offset + plan.bytes_per_file;
    const std::uint64_t whole_end = end / zone_size * zone_size;
    if (whole_end != end) {
        if (whole_end <= plan.file_offset) fail(fmt::format("{}: io_size must be at least one zone", path));
        log(fmt::format("{}: rounded down io_size from {} to {}", path, plan.bytes_per_file,
                        whole_end - plan.file_offset));
        plan.bytes_per_file = whole_end - plan.file_offset;
    }
}

}  // namespace

void plan_zbd_zones(std::vector<ThreadPlan>& plans,
                    const std::function<void(const std::string&)>& log) {
    std::map<std::string, std::shared_ptr<ZbdZones>> devices;
    for (ThreadPlan& plan : plans) {
        const JobSpec& job = *plan.job;
        if (job.zones.mode != ZoneMode::zbd) continue;
        const auto fail = [&](const std::string& what) {
            throw RunSetupError(fmt::format("{}: job '{}': {}", job.where.describe(), job.name, what));
        };
        // A diskless engine's "file" is the job's name, sized by size=.
        const bool diskless = plan.paths.empty();
        const std::vector<std::string> names = diskless ? std::vector<std::string>{job.name} : plan.paths;
        bool aligned = false;
        for (const std::string& name : names) {
            std::uint64_t file_size = plan.file_offset + plan.bytes_per_file;
            if (!diskless) {
                if (is_zoned_block_device(name)) {
                    fail(fmt::format("{}: a zoned block device: only zones emulated on regular "
                                     "files and non-zoned devices are supported",
                                     name));
                }
                file_size = std::max(file_size, inspect_job_file(job, name).size);
            }
            const std::string key = (diskless ? "job:" : "file:") + name;
            auto& device = devices[key];
            if (!device) {
                device = std::make_shared<ZbdZones>(job.zones.size, job.zones.capacity,
                                                    job.zones.max_open_zones, file_size);
            } else if (device->zone_size() != job.zones.size) {
                fail(fmt::format("{}: zonesize {} does not match the device zone size {}.", name,
                                 job.zones.size, device->zone_size()));
            } else if (job.zones.max_open_zones != 0 &&
                       device->max_open_zones() != job.zones.max_open_zones) {
                fail("Different 'max_open_zones' values");
            }
            plan.zbd.push_back(device);
            // fio trims the region of every job that is not read-only.
            if (!aligned && job.rw != RwPattern::read && job.rw != RwPattern::randread) {
                align_region(plan, name, file_size, job.zones.size, log, fail);
                aligned = true;
            }
        }
    }
}

}  // namespace fio::core
