// Which block devices a run reports disk statistics for: those under the files of every
// job that keeps disk_util on (the default) and moves data to files (not the diskless
// engines), in job order, as stock fio collects them.
#pragma once

#include "jobs/job_spec.hpp"
#include "run/thread_plan.hpp"
#include "stats/block_devices.hpp"

#include <vector>

namespace fio::core {

// disk_util= as the job has it (its own options first, then its global ones); true
// when not given.
bool reports_disk_util(const JobSpec& job);

BlockDeviceSet devices_under(const std::vector<ThreadPlan>& plans);

}  // namespace fio::core
