#include "iolog/iolog_format.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cstring>

namespace fio::core {
namespace {

constexpr std::array<std::string_view, 10> kActionNames = {
    "read", "write", "trim", "sync", "datasync", "sync_file_range", "wait",
    "add",  "open",  "close"};

bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view without_trailing_blanks(std::string_view text) noexcept {
    while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
    return text;
}

// Up to 6 blank-separated fields; a 6th means "too many".
struct Fields {
    std::array<std::string_view, 6> at;
    std::size_t count = 0;
};

Fields split_fields(std::string_view line) noexcept {
    Fields fields;
    std::size_t i = 0;
    while (i < line.size() && fields.count < fields.at.size()) {
        while (i < line.size() && is_blank(line[i])) ++i;
        if (i == line.size()) break;
        const std::size_t start = i;
        while (i < line.size() && !is_blank(line[i])) ++i;
        fields.at[fields.count++] = line.substr(start, i - start);
    }
    return fields;
}

template <typename Number>
Number parse_number(std::string_view text, const char* what) {
    Number value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc::result_out_of_range) {
        throw IoLogError(fmt::format("{} '{}' is too large", what, text));
    }
    if (error != std::errc() || end != text.data() + text.size()) {
        throw IoLogError(fmt::format("{} '{}' is not a whole number", what, text));
    }
    return value;
}

IoLogAction parse_action(std::string_view word) {
    for (std::size_t i = 0; i < kActionNames.size(); ++i) {
        if (kActionNames[i] == word) return static_cast<IoLogAction>(i);
    }
    throw IoLogError(fmt::format("unknown action '{}' (read, write, trim, sync, datasync, "
                                 "sync_file_range, wait, add, open or close)",
                                 word));
}

char* put_number(char* out, std::uint64_t value) noexcept {
    return std::to_chars(out, out + 20, value).ptr;
}

char* put_text(char* out, std::string_view text) noexcept {
    std::memcpy(out, text.data(), text.size());
    return out + text.size();
}

}  // namespace

std::string_view action_name(IoLogAction action) noexcept {
    return kActionNames[static_cast<std::size_t>(action)];
}

int iolog_version(std::string_view line) noexcept {
    line = without_trailing_blanks(line);
    if (line == kIoLogHeaderV2) return 2;
    if (line == kIoLogHeaderV3) return 3;
    return 0;
}

IoLogLine parse_iolog_line(std::string_view line, int version) {
    const Fields fields = split_fields(line);
    const std::size_t timed = version == 3 ? 1 : 0;  // a version 3 line starts with its time
    if (fields.count < 2 + timed) {
        throw IoLogError(version == 3 ? "expected 'USEC NAME ACTION [OFFSET LENGTH]'"
                                      : "expected 'NAME ACTION [OFFSET LENGTH]'");
    }
    IoLogLine parsed;
    if (timed) parsed.time_us = parse_number<std::uint64_t>(fields.at[0], "time");
    parsed.file = fields.at[timed];
    parsed.action = parse_action(fields.at[timed + 1]);
    const std::size_t values = fields.count - timed - 2;
    if (is_file_action(parsed.action)) {
        if (values != 0) {
            throw IoLogError(fmt::format("'{}' takes no offset or length",
                                         action_name(parsed.action)));
        }
        return parsed;
    }
    if (values != 2) {
        throw IoLogError(fmt::format("'{}' {} an offset and a length",
                                     action_name(parsed.action),
                                     values > 2 ? "has more than" : "needs"));
    }
    if (parsed.action == IoLogAction::wait && version == 3) {
        throw IoLogError("'wait' is not allowed in a version 3 log (its times replace it)");
    }
    parsed.offset = parse_number<std::uint64_t>(fields.at[timed + 2], "offset");
    parsed.length = parse_number<std::uint32_t>(fields.at[timed + 3], "length");
    const bool moves_data = parsed.action == IoLogAction::read ||
                            parsed.action == IoLogAction::write ||
                            parsed.action == IoLogAction::trim;
    if (moves_data && parsed.length == 0) {
        throw IoLogError(fmt::format("a {} of 0 bytes", action_name(parsed.action)));
    }
    return parsed;
}

std::size_t format_io_line(char* out, std::uint64_t time_us, std::string_view file,
                           IoLogAction action, std::uint64_t offset,
                           std::uint64_t length) noexcept {
    char* at = put_number(out, time_us);
    *at++ = ' ';
    at = put_text(at, file);
    *at++ = ' ';
    at = put_text(at, action_name(action));
    *at++ = ' ';
    at = put_number(at, offset);
    *at++ = ' ';
    at = put_number(at, length);
    *at++ = '\n';
    return static_cast<std::size_t>(at - out);
}

std::size_t format_file_line(char* out, std::uint64_t time_us, std::string_view file,
                             IoLogAction action) noexcept {
    char* at = put_number(out, time_us);
    *at++ = ' ';
    at = put_text(at, file);
    *at++ = ' ';
    at = put_text(at, action_name(action));
    *at++ = '\n';
    return static_cast<std::size_t>(at - out);
}

}  // namespace fio::core
