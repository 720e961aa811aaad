// Job sections in "flat" form: one set of global options, then every job with its
// own options. Several [global] sections interleaved with jobs flatten by folding a
// later global's options into each job after it, which keeps every job's meaning.
// Both --showcmd and --convert=toml write this form.
#pragma once

#include "jobs/raw_job.hpp"

#include <vector>

namespace fio::core {

struct FlatJobs {
    std::vector<LocatedOption> globals;  // from the globals before the first job
    std::vector<RawSection> jobs;        // each job's options, folded globals first
};

FlatJobs flatten_sections(const std::vector<RawSection>& sections);

// Keeps only the last occurrence of each option name (fio's "last one wins"), in
// the order of those last occurrences.
std::vector<LocatedOption> last_occurrences(const std::vector<LocatedOption>& options);

}  // namespace fio::core
