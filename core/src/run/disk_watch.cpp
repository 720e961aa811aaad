#include "run/disk_watch.hpp"

namespace fio::core {

bool reports_disk_util(const JobSpec& job) {
    return job.measure.disk_util;
}

BlockDeviceSet devices_under(const std::vector<ThreadPlan>& plans) {
    BlockDeviceSet devices;
    for (const auto& plan : plans) {
        if (!reports_disk_util(*plan.job)) continue;
        for (const auto& path : plan.paths) {
            if (const auto device = device_of_file(path)) devices.add(*device);
        }
    }
    return devices;
}

}  // namespace fio::core
