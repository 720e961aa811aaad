// offset=N% and offset_increment=N% (and offset_align): a clone's start offset as a share
// of its files' size.
#pragma once

#include "jobs/job_spec.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace fio::core {

// The start offset of clone `clone` when offset= or offset_increment= is a percentage:
// offset (N% or bytes) plus clone times offset_increment (N% or bytes), the percentages
// taken of the size of the job's files (of the smallest, when they differ; of size= for
// a diskless engine), the sum rounded up to offset_align or else to the smallest block
// size, as stock fio 3.33 does for an existing file (offset=25% of a 1 MiB file starts
// at 256k; offset_increment=10% puts clone 1 at 106496 = 104857.6 rounded up to 4k).
// Stock takes a file that does not exist yet as empty (offset 0); we refuse that with
// RunSetupError, as the job surely meant a share of the file it lays out.
std::uint64_t percent_start_offset(const JobSpec& job, const std::vector<std::string>& paths,
                                   std::uint32_t clone);

}  // namespace fio::core
