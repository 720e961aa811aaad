// Exports the `html` output sink as a fio plugin.
#include <fio/sdk/plugin.hpp>

#include "html_sink.hpp"

FIO_DECLARE_OUTPUT_PLUGIN(
    "html", "1.0.0",
    "a self-contained HTML page with charts of the run (--output-format=html, --html-output=FILE)",
    FIO_NO_OPTIONS,
    (&fio::sdk::create_output_or_report<&fio::outputs::html::make_html_sink>));
