#include "options/errno_names.hpp"

#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstring>

namespace fio::core {

int parse_errno(std::string_view text) {
    // Linux errno values stay below 150; glibc names each of them.
    constexpr int kLargestErrno = 200;
    int number = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec == std::errc{} && end == text.data() + text.size()) {
        if (number <= 0 || number > kLargestErrno) {
            throw ValueError(fmt::format("'{}' is not an errno number (1 to {})", text,
                                         kLargestErrno));
        }
        return number;
    }
    for (int candidate = 1; candidate <= kLargestErrno; ++candidate) {
        const char* name = ::strerrorname_np(candidate);
        if (name != nullptr && text == name) return candidate;
    }
    throw ValueError(fmt::format("'{}' is not an errno name (such as EIO or ENOSPC) or number",
                                 text));
}

}  // namespace fio::core
