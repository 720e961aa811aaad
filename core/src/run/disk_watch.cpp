#include "run/disk_watch.hpp"

#include "options/value_parsers.hpp"

namespace fio::core {

namespace {

std::optional<bool> given_flag(const OptionList& options, const char* name) {
    for (auto it = options.rbegin(); it != options.rend(); ++it) {
        if (it->first == name) return it->second.empty() || parse_bool(it->second);
    }
    return std::nullopt;
}

}  // namespace

bool reports_disk_util(const JobSpec& job) {
    if (const auto own = given_flag(job.given, "disk_util")) return *own;
    return given_flag(job.global_given, "disk_util").value_or(true);
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
