// --profile=act's end-of-run table: per hourly slice, the percentage of I/Os over 1, 8
// and 64 ms (shown twice, under "trans" and "device", as stock shows them), then
// PASSED, or FAILED when a slice reaches ACT's limits (5%, 1% and 0.1%).
#pragma once

#include "run/latency_slices.hpp"

#include <string>

namespace fio::core {

std::string render_act_report(const LatencySlices& run);

}  // namespace fio::core
