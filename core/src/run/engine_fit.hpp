// What an engine's descriptor flags (sdk/plugin.hpp) rule out of a job, checked before
// anything runs: verify= of an engine whose I/Os cannot be read back is refused, and
// file options a diskless engine never looks at are named, so that neither is a silent
// trap.
#pragma once

#include "jobs/job_spec.hpp"

#include <fio/sdk/plugin.hpp>

#include <optional>
#include <string>
#include <vector>

namespace fio::core {

// Why `job` cannot run on `engine` as its flags describe it ("verify=md5 cannot check
// ioengine=cpuio: ..."), without the job's place, or nullopt.
std::optional<std::string> engine_flag_problem(const JobSpec& job,
                                               const sdk::PluginDescriptor& engine);

// The options `job` sets that `engine` ignores (filename=, nrfiles= of a diskless one),
// one warning each, without the "fio: warning: " prefix.
std::vector<std::string> engine_flag_warnings(const JobSpec& job,
                                              const sdk::PluginDescriptor& engine);

}  // namespace fio::core
