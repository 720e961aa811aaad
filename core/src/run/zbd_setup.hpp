// zonemode=zbd before the jobs start: one zone state per file, shared by every job
// thread of the run that uses the file (fio keeps one per file name), and each
// writing job's region trimmed to whole zones, as fio trims it (with its messages).
#pragma once

#include "run/thread_plan.hpp"

#include <functional>
#include <string>
#include <vector>

namespace fio::core {

// Fills ThreadPlan::zbd for every zbd job (after the files are laid out, so that the
// zones cover their real sizes). `log` receives fio's "rounded up offset" and
// "rounded down io_size" lines. Throws RunSetupError for a region smaller than a
// zone, settings that differ between jobs of one file, and real zoned devices.
void plan_zbd_zones(std::vector<ThreadPlan>& plans,
                    const std::function<void(const std::string&)>& log);

}  // namespace fio::core
