// "Run status group N" totals from the jobs of one reporting group.
#pragma once

#include <fio/sdk/result.hpp>

#include <cstdint>
#include <vector>

namespace fio::core {

// Per direction: bytes summed over jobs, aggregate bandwidth over the longest job's
// runtime, the slowest and fastest job's bandwidth, shortest and longest runtime.
// Jobs that did not do a direction do not count for it.
sdk::GroupResult compute_group_totals(std::uint32_t groupid,
                                      const std::vector<const sdk::JobResult*>& jobs,
                                      std::uint32_t kb_base);

}  // namespace fio::core
