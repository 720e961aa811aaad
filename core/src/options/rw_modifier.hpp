// rw='s ":N" suffix (rw=write:112k, rw=read:-8k, rw=randread:8). For sequential
// patterns N is a size, possibly negative, added after each I/O; for random patterns
// it is the number of I/Os per new random offset (see workload/offset_generator.hpp).
// N takes size units in both cases, as stock fio reads it (randread:8k is 8192 I/Os).
//
// Deliberate differences: stock fio 3.33 silently reads a suffix that is not a number
// ("read:abc") as no suffix, and a negative count for random patterns as something;
// we reject both.
#pragma once

#include "jobs/job_spec.hpp"

#include <string_view>

namespace fio::core {

// Sets job.shapes' modifier from the text after rw's first ':' (cleared when there is
// none). Call after job.rw is set. Throws ValueError naming the text.
void apply_rw_modifier(JobSpec& job, std::string_view rw_text);

}  // namespace fio::core
