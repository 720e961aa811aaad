// The `html` output: one page that opens offline in any browser, with per job (and,
// in a client run, per host and "All clients") IOPS, bandwidth and latency percentiles
// over time, the latency histogram, the job's options and the machine.
#pragma once

#include <memory>

#include <fio/sdk/output.hpp>

namespace fio::outputs::html {

// A sink that writes the page to `setup.stream` when the run finishes (the charts
// need every job's result). Throws std::invalid_argument without a stream.
std::unique_ptr<sdk::OutputSink> make_html_sink(const sdk::OutputSetup& setup);

}  // namespace fio::outputs::html
