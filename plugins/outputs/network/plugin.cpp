// Exports the `network` output sink as a fio plugin.
#include <fio/sdk/plugin.hpp>

#include "network_sink.hpp"

FIO_DECLARE_OUTPUT_PLUGIN(
    "network", "1.0.0",
    "every event as a framed client/server protocol message (what fio --server relays)",
    FIO_NO_OPTIONS,
    (&fio::sdk::create_output_or_report<&fio::outputs::network::make_network_sink>));
