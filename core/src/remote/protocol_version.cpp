#include "remote/protocol_version.hpp"

#include <fio/sdk/frame.hpp>

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace fio::core {

std::uint16_t announced_protocol_minor() {
    static const std::uint16_t minor = [] {
        const char* text = std::getenv("FIO_TEST_PROTOCOL_MINOR");
        if (text == nullptr) return sdk::wire::kProtocolMinor;
        const std::string_view value(text);
        std::uint16_t parsed = 0;
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
        if (error != std::errc() || end != value.data() + value.size() ||
            parsed > sdk::wire::kProtocolMinor) {
            return sdk::wire::kProtocolMinor;
        }
        return parsed;
    }();
    return minor;
}

}  // namespace fio::core
