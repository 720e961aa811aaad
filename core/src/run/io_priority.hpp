// Sets the calling job thread's I/O priority (prio, prioclass) with ioprio_set(2).
#pragma once

#include "jobs/priority_spec.hpp"

namespace fio::core {

// Nothing when the job set neither. Throws PlacementError (run/placement.hpp) with the
// kernel's reason, e.g. real-time without CAP_SYS_ADMIN.
void apply_io_priority(const PrioritySpec& priority);

}  // namespace fio::core
