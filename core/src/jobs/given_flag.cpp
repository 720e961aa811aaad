#include "jobs/given_flag.hpp"

#include "options/value_parsers.hpp"

#include <algorithm>

namespace fio::core {

namespace {

std::optional<bool> last_given(const OptionList& options, const char* name) {
    for (auto it = options.rbegin(); it != options.rend(); ++it) {
        if (it->first == name) return it->second.empty() || parse_bool(it->second);
    }
    return std::nullopt;
}

}  // namespace

std::optional<bool> given_flag(const JobSpec& job, const char* name) {
    if (const auto own = last_given(job.given, name)) return own;
    return last_given(job.global_given, name);
}

bool option_given(const JobSpec& job, const char* name) {
    const auto named = [name](const auto& option) { return option.first == name; };
    return std::any_of(job.given.begin(), job.given.end(), named) ||
           std::any_of(job.global_given.begin(), job.global_given.end(), named);
}

}  // namespace fio::core
