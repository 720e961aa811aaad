// The server's policy applied to what a run process parsed: its command line and its
// jobs. Each check returns the first refusal as one line naming the job, the option, its
// value and the rule ("job 'a': filename=/etc/passwd is outside the server root /srv/fio
// (--server-root)"), or nothing when the run may go on.
#pragma once

#include "cli/command_line.hpp"
#include "jobs/job_spec.hpp"
#include "remote/server_policy.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fio::core {

// The program options a client passed, and the job files the run reads.
std::optional<std::string> command_line_refusal(const CommandLine& cl, const ServerPolicy& policy);

// Every path, command and plugin path of the jobs.
std::optional<std::string> jobs_refusal(const std::vector<JobSpec>& jobs, const ServerPolicy& policy);

// --max-jobs, --max-size and --max-runtime. A job without a runtime gets the cap as its
// runtime (it ends at its size or at the cap, whichever comes first).
std::optional<std::string> caps_refusal(std::vector<JobSpec>& jobs, const ServerPolicy& policy);

// "`what`=`value` is outside the server root R (--server-root)[: resolves to X]", or
// nothing when `value` resolves inside the root.
std::optional<std::string> path_refusal(std::string_view what, std::string_view value,
                                        const ServerPolicy& policy);

}  // namespace fio::core
