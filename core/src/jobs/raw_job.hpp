// Job text as read, before any option is interpreted: sections of located options.
// Every reader (INI files, TOML files, the command line) produces these, and one
// builder turns them into JobSpecs, so all sources behave the same.
#pragma once

#include "jobs/job_spec.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace fio::core {

struct RawSection {
    std::string name;  // "global" for settings that apply to the jobs after it
    SourceLocation where;
    std::vector<LocatedOption> options;

    bool is_global() const { return name == "global"; }
};

// A job file problem; what() is one line starting with "file:line: ".
class JobFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace fio::core
