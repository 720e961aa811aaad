// Exports the `json+` output sink as a fio plugin: the json output's document with the
// latency histograms' buckets ("bins"), built from the same library.
#include <fio/sdk/plugin.hpp>

#include "json_sink.hpp"

FIO_DECLARE_OUTPUT_PLUGIN(
    "json+", "1.0.0", "fio's JSON document with latency histogram bins (--output-format=json+)",
    FIO_NO_OPTIONS, (&fio::sdk::create_output_or_report<&fio::outputs::json::make_json_plus_sink>));
