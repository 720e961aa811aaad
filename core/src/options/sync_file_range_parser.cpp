#include "options/sync_file_range_parser.hpp"

#include "options/value_parsers.hpp"

#include <fcntl.h>

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <charconv>
#include <utility>

namespace fio::core {
namespace {

constexpr std::array<std::pair<std::string_view, std::uint32_t>, 3> kFlags = {{
    {"wait_before", SYNC_FILE_RANGE_WAIT_BEFORE},
    {"write", SYNC_FILE_RANGE_WRITE},
    {"wait_after", SYNC_FILE_RANGE_WAIT_AFTER},
}};

std::uint32_t flag_named(std::string_view name, std::string_view text) {
    for (const auto& [known, bit] : kFlags) {
        if (name == known) return bit;
    }
    throw ValueError(fmt::format(
        "'{}': '{}' is not a sync_file_range flag (wait_before, write, wait_after)", text,
        name));
}

}  // namespace

SyncFileRangeSetting parse_sync_file_range(std::string_view text) {
    const std::string_view value = trim_blanks(text);
    SyncFileRangeSetting setting{0, 1};
    const std::size_t colon = value.find(':');
    std::string_view names = value.substr(0, colon);
    if (colon != std::string_view::npos) {
        const std::string_view count = trim_blanks(value.substr(colon + 1));
        const auto [end, error] =
            std::from_chars(count.data(), count.data() + count.size(), setting.every);
        if (count.empty() || error != std::errc{} || end != count.data() + count.size()) {
            throw ValueError(fmt::format(
                "'{}': the count after ':' must be a whole number of writes (0 to {})", text,
                UINT32_MAX));
        }
    }
    while (true) {
        const std::size_t comma = names.find(',');
        setting.flags |= flag_named(trim_blanks(names.substr(0, comma)), text);
        if (comma == std::string_view::npos) break;
        names.remove_prefix(comma + 1);
    }
    return setting;
}

}  // namespace fio::core
