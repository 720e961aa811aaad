// Seeds of the write buffer contents of every clone, and the dedupe working sets
// (dedupe_mode=working_set), shared among the clones of all jobs with dedupe_global.
#pragma once

#include "run/thread_plan.hpp"

#include <vector>

namespace fio::core {

// Sets buffer_seed and dedupe_working_set of every plan. Throws RunSetupError when a
// working set cannot be made (no size=, or more than one file), as stock fio refuses.
void plan_buffer_contents(std::vector<ThreadPlan>& plans);

}  // namespace fio::core
