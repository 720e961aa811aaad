// Checks of a job's workload-shape options that need the whole job, made before
// anything starts.
#pragma once

#include "jobs/job_spec.hpp"

namespace fio::core {

// Throws RunSetupError for shapes that zonemode=strided's zone walker does not honour
// (it issues one block size per direction at uniform offsets).
void check_shape_options(const JobSpec& job);

}  // namespace fio::core
