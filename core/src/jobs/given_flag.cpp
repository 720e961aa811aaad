#include "jobs/given_flag.hpp"

#include "options/value_parsers.hpp"

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

}  // namespace fio::core
