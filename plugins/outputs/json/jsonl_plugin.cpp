// Exports the `jsonl` output sink as a fio plugin: a JSON object per line and per report
// (each --status-interval report, then the final one), built from the json library.
#include <fio/sdk/plugin.hpp>

#include "jsonl_sink.hpp"

FIO_DECLARE_OUTPUT_PLUGIN(
    "jsonl", "1.0.0", "A JSON object per line per report: each --status-interval one, then the final (--output-format=jsonl)",
    FIO_NO_OPTIONS, (&fio::sdk::create_output_or_report<&fio::outputs::json::make_jsonl_sink>));
