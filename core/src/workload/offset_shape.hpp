// The offset generator's settings for a job: its smallest I/O, the alignment of random
// offsets, whether the random map is used, and rw's ":N" modifier.
#pragma once

#include "jobs/job_spec.hpp"
#include "workload/offset_generator.hpp"

#include <cstdint>

namespace fio::core {

// As stock fio: the random map is kept at the job's smallest block size; blockalign,
// a non-uniform random_distribution and random_generator=lfsr turn it off. With
// blockalign, random offsets are multiples of it (of the smaller one when reads and
// writes are given different alignments; stock aligns each direction to its own).
OffsetShape offset_shape(const JobSpec& job, std::uint64_t region_bytes);

}  // namespace fio::core
