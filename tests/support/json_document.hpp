// The JSON document the json (or json+) sink renders for one job, parsed with its keys
// in document order, for unit tests of the JSON outputs.
#pragma once

#include <nlohmann/json.hpp>

#include <fio/sdk/output.hpp>
#include <fio/sdk/result.hpp>

#include "captured_output.hpp"
#include "json_sink.hpp"

namespace fio::test {

inline nlohmann::ordered_json render_json_job(const sdk::JobResult& job, bool plus) {
    CapturedText out;
    sdk::OutputSetup setup;
    setup.stream = &out;
    auto sink = plus ? outputs::json::make_json_plus_sink(setup)
                     : outputs::json::make_json_sink(setup);
    sink->run_started(sdk::RunInfo{});
    sink->job_finished(job);
    sink->run_finished(sdk::RunSummary{});
    return nlohmann::ordered_json::parse(out.text());
}

}  // namespace fio::test
