// The `normal` output: fio's human-readable text report.
#pragma once

#include <memory>

#include <fio/sdk/output.hpp>

namespace fio::outputs::normal {

// A sink that writes fio's text report to `setup.stream`: the job definition lines when
// the run starts, log lines as they come, and the per-job, per-group and disk report
// when the run finishes (fio prints them together at the end, and each job's "per="
// needs its group's totals). Throws std::invalid_argument without a stream.
std::unique_ptr<sdk::OutputSink> make_normal_sink(const sdk::OutputSetup& setup);

}  // namespace fio::outputs::normal
