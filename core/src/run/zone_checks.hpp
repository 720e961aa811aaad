// Checks of a job's zone options that need the whole job (and its files), made before
// anything starts, with the errors stock fio gives for the same mistakes.
#pragma once

#include "jobs/job_spec.hpp"

#include <cstddef>

namespace fio::core {

// Throws RunSetupError for zonesize without zonemode=strided, zonemode=strided
// without zonesize, and strided zones over more than one file (not implemented);
// for zonemode=zbd: no zonesize, zonecapacity above it, job_max_open_zones without
// max_open_zones, blocks larger than a zone, and what the emulation does not do.
void check_zone_options(const JobSpec& job, std::size_t file_count);

}  // namespace fio::core
