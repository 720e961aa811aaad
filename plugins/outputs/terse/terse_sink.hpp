// The `terse` output: fio's one `;`-separated line per job, for scripts.
#pragma once

#include <memory>

#include <fio/sdk/output.hpp>

namespace fio::outputs::terse {

// A sink that writes every job's terse line (version 3) to `setup.stream` when the run
// finishes, in the order the jobs finished being reported. It waits for the end because
// a line carries its group's totals and the run's disk statistics, which arrive after
// the jobs. Throws std::invalid_argument without a stream.
std::unique_ptr<sdk::OutputSink> make_terse_sink(const sdk::OutputSetup& setup);

}  // namespace fio::outputs::terse
