// The `jsonl` output: one JSON object per line and per report, for tools that tail a
// stream (--output-format=jsonl). Each --status-interval report (and SIGUSR1's) is an
// "interval" line, the run's final report a "final" line; without --status-interval the
// final line is the only one.
#pragma once

#include <memory>

#include <fio/sdk/output.hpp>

namespace fio::outputs::json {

// A sink that writes, at the end of every report, one line: {"type": "interval" or
// "final", "mode": "cumulative" or "delta" (what the numbers cover: the run so far, or
// the interval since the previous report), "seq" (the report's number, from 1),
// "elapsed_ms" (since the run started), then the json output's document members
// ("fio version", "timestamp", "timestamp_ms", "time", "global options", "jobs" with
// the json output's job objects, "disk_util", "cpu_idleness"). Flushed after each line.
// Throws std::invalid_argument without a stream.
std::unique_ptr<sdk::OutputSink> make_jsonl_sink(const sdk::OutputSetup& setup);

}  // namespace fio::outputs::json
