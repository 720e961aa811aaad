// Exports the `normal` output sink as a fio plugin.
#include <fio/sdk/plugin.hpp>

#include "normal_sink.hpp"

FIO_DECLARE_OUTPUT_PLUGIN(
    "normal", "1.0.0", "fio's human-readable text report", FIO_NO_OPTIONS,
    (&fio::sdk::create_output_or_report<&fio::outputs::normal::make_normal_sink>));
