// The run process's side of a server's policy: a run started by `fio --server` finds
// the policy in its environment and checks what it parsed before any I/O. A refusal
// goes to the server as an error message on the events pipe (the server logs it with
// the client's address and passes it on), and the run exits 1. A local run has no
// policy and is not affected.
#pragma once

#include "cli/command_line.hpp"
#include "jobs/job_spec.hpp"

#include <vector>

namespace fio::core {

// Checks the command line and job files, and keeps includes under the server root.
// Call before the job files are read.
void enforce_server_policy(const CommandLine& cl);

// Checks the built jobs; a job without a runtime gets the --max-runtime cap as one.
void enforce_server_policy(std::vector<JobSpec>& jobs);

}  // namespace fio::core
