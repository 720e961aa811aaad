#include "debug/debug_log.hpp"

#include <unistd.h>

#include <array>
#include <cstdio>

namespace fio::core {
namespace {

constexpr std::array<std::string_view, kDebugTypeCount> kNames = {
    "process", "file",     "io",      "mem",  "blktrace", "verify",      "random",
    "parse",   "diskutil", "job",     "mutex", "profile", "time",        "net",
    "rate",    "compress", "steadystate", "helperthread", "zbd"};

}  // namespace

std::span<const std::string_view> debug_type_names() { return kNames; }

DebugMask parse_debug_types(std::string_view list) {
    if (list.empty()) {
        throw DebugSpecError("--debug: no debug type given; --debug=? lists them");
    }
    DebugMask mask = 0;
    while (true) {
        const auto comma = list.find(',');
        const std::string_view word = list.substr(0, comma);
        if (word == "all") {
            mask = kAllDebugTypes;
        } else {
            unsigned type = 0;
            while (type < kDebugTypeCount && kNames[type] != word) ++type;
            if (type == kDebugTypeCount) {
                throw DebugSpecError(fmt::format(
                    "--debug: '{}' is not a debug type; --debug=? lists them", word));
            }
            mask |= DebugMask{1} << type;
        }
        if (comma == std::string_view::npos) return mask;
        list.remove_prefix(comma + 1);
    }
}

std::string debug_type_listing() {
    std::string text;
    for (const auto name : kNames) {
        text += name;
        text += ',';
    }
    return text + "all";
}

void enable_debug(DebugMask mask) noexcept { detail::g_debug_mask = mask & kAllDebugTypes; }

namespace detail {

void write_debug_line(DebugType type, fmt::string_view format, fmt::format_args args) noexcept {
    std::string line;
    try {
        line = fmt::format("{:<8} {:<5} ", kNames[static_cast<unsigned>(type)],
                           static_cast<long>(::gettid()));
        fmt::vformat_to(std::back_inserter(line), format, args);
        line += '\n';
    } catch (...) {
        return;
    }
    // One write per line: stdio locks the stream for it, so lines from several job
    // threads never interleave, and they keep their place among the report's lines.
    std::fwrite(line.data(), 1, line.size(), stdout);
}

}  // namespace detail
}  // namespace fio::core
