// Exports the `terse` output sink as a fio plugin.
#include <fio/sdk/plugin.hpp>

#include "terse_sink.hpp"

FIO_DECLARE_OUTPUT_PLUGIN(
    "terse", "1.0.0", "fio's terse line per job, version 3 (--minimal, --output-format=terse)",
    FIO_NO_OPTIONS,
    (&fio::sdk::create_output_or_report<&fio::outputs::terse::make_terse_sink>));
