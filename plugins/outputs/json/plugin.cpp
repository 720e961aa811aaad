// Exports the `json` output sink as a fio plugin.
#include <fio/sdk/plugin.hpp>

#include <exception>

#include <fmt/format.h>

#include "json_sink.hpp"

namespace {

fio::sdk::OutputSink* create_json_sink(const fio::sdk::OutputSetup& setup, char* error,
                                       std::size_t error_size) {
    // The factory is the ABI boundary: failures go back through `error`, never as exceptions.
    try {
        return fio::outputs::json::make_json_sink(setup).release();
    } catch (const std::exception& e) {
        if (error != nullptr && error_size != 0)
            *fmt::format_to_n(error, error_size - 1, "{}", e.what()).out = '\0';
        return nullptr;
    }
}

}  // namespace

FIO_DECLARE_OUTPUT_PLUGIN("json", "1.0.0", "fio's JSON document (--output-format=json)",
                          FIO_NO_OPTIONS, create_json_sink);
