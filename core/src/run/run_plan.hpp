// Turning job specs into thread plans, checking everything that can be checked
// before any job starts: engines exist and load, every option is claimed and
// valid, sizes are known, files can be laid out.
#pragma once

#include "jobs/job_spec.hpp"
#include "plugins/plugin_registry.hpp"
#include "run/file_setup.hpp"
#include "run/thread_plan.hpp"

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace fio::core {

// What is wrong and where: "job 't': ioengine=foo: no engine named 'foo' ...".
class RunSetupError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// How far planning goes: `jobs_only` (--parse-only) checks engines and options but
// looks at no file, so a job may name a device this machine does not have.
enum class PlanDepth { jobs_only, with_files };

// inspect_file(path), a failure reported as a RunSetupError that names the job.
FileFacts inspect_job_file(const JobSpec& job, const std::string& path);

// One ThreadPlan per clone of every job, in job order. Throws RunSetupError.
std::vector<ThreadPlan> plan_threads(const std::vector<JobSpec>& jobs, PluginRegistry& registry,
                                     PlanDepth depth = PlanDepth::with_files);

// Creates and lays out every file the plans use (once per path, at the largest size
// any plan needs). `log` receives fio's "Laying out IO file" lines. Throws
// RunSetupError naming the file.
void prepare_files(const std::vector<ThreadPlan>& plans,
                   const std::function<void(const std::string&)>& log);

}  // namespace fio::core
