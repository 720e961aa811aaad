#include "jobs/flat_jobs.hpp"

#include <algorithm>
#include <set>

namespace fio::core {

FlatJobs flatten_sections(const std::vector<RawSection>& sections) {
    FlatJobs flat;
    std::vector<LocatedOption> late_globals;  // globals that came after some job
    for (const auto& section : sections) {
        if (section.is_global()) {
            auto& target = flat.jobs.empty() ? flat.globals : late_globals;
            target.insert(target.end(), section.options.begin(), section.options.end());
            continue;
        }
        RawSection job = section;
        job.options.insert(job.options.begin(), late_globals.begin(), late_globals.end());
        flat.jobs.push_back(std::move(job));
    }
    return flat;
}

std::vector<LocatedOption> last_occurrences(const std::vector<LocatedOption>& options) {
    std::vector<LocatedOption> kept;
    std::set<std::string> seen;
    for (auto it = options.rbegin(); it != options.rend(); ++it) {
        if (seen.insert(it->name).second) kept.push_back(*it);
    }
    std::reverse(kept.begin(), kept.end());
    return kept;
}

}  // namespace fio::core
