// A transport plugin with options that never connects: its factory refuses to start
// and says which option values it received, so a test can see them arrive.
#include <fio/sdk/plugin.hpp>
#include <fio/sdk/transport.hpp>

#include <string>

namespace {

using fio::sdk::OptionSpec;
using fio::sdk::OptionType;

const OptionSpec kOptions[] = {
    {"testwire-greeting", nullptr, OptionType::string, "hello", 0, 0, nullptr,
     "What the test transport says first", "Transport", nullptr},
    {"testwire-retries", nullptr, OptionType::integer, "3", 0, 10, nullptr,
     "How often the test transport tries", "Transport", nullptr},
};

fio::sdk::Transport* make_transport(const fio::sdk::TransportSetup& setup, char* error,
                                    std::size_t error_size) noexcept {
    try {
        const std::string reason =
            "testwire got greeting=" + std::string(setup.options->get_string("testwire-greeting", "?")) +
            " retries=" + std::to_string(setup.options->get_int("testwire-retries", -1));
        fio::sdk::write_error(error, error_size, reason);
    } catch (...) {
        fio::sdk::write_error(error, error_size, "out of memory");
    }
    return nullptr;
}

}  // namespace

FIO_DECLARE_TRANSPORT_PLUGIN("testwire", "0.0.1", "Test transport that prints its options",
                             kOptions, make_transport);
