#include "options/rw_modifier.hpp"

#include "options/value_parsers.hpp"

#include <fmt/format.h>

#include <limits>

namespace fio::core {

void apply_rw_modifier(JobSpec& job, std::string_view rw_text) {
    const auto colon = rw_text.find(':');
    job.shapes.has_rw_modifier = colon != std::string_view::npos;
    job.shapes.rw_modifier = 0;
    if (!job.shapes.has_rw_modifier) return;
    std::string_view number = trim_blanks(rw_text.substr(colon + 1));
    const bool negative = number.starts_with('-');
    if (negative) number.remove_prefix(1);
    std::uint64_t magnitude = 0;
    try {
        magnitude = parse_size(number, job.kb_base);
    } catch (const ValueError& error) {
        throw ValueError(fmt::format("'{}': the ':N' modifier: {}", rw_text, error.what()));
    }
    if (magnitude > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        throw ValueError(fmt::format("'{}': the ':N' modifier is too large", rw_text));
    }
    if (negative && is_random(job.rw)) {
        throw ValueError(fmt::format(
            "'{}': for random patterns ':N' is a count of I/Os per random offset, not negative",
            rw_text));
    }
    job.shapes.rw_modifier = negative ? -static_cast<std::int64_t>(magnitude)
                                      : static_cast<std::int64_t>(magnitude);
}

}  // namespace fio::core
