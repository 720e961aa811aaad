// The core's own job options: one table that drives parsing, help and (later) the
// generated option documentation. Plugins add theirs through their descriptors.
#pragma once

#include "jobs/job_spec.hpp"
#include "options/option_value.hpp"

#include <fio/sdk/options.hpp>

#include <span>
#include <stdexcept>
#include <string_view>

namespace fio::core {

struct CoreOption {
    sdk::OptionSpec spec;
    void (*apply)(JobSpec& job, const OptionValue& value);
};

std::span<const CoreOption> core_options();

// The core option called `name` (or with that alias); nullptr when the core has none.
const CoreOption* find_core_option(std::string_view name);

// A bad option: what() reads "jobs.fio:3: option 'bs': '4q' is not a size".
class OptionError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Parses the value of an option the user gave (not a default) against its spec, and
// says so under --debug=parse. Throws OptionError naming where, the option and what.
OptionValue parse_given_option(const sdk::OptionSpec& spec, const LocatedOption& given,
                               unsigned kb_base);

// Applies one option to `job`. A core option is parsed and stored (and recorded in
// job.given); any other name is kept in job.engine_options for the engine to claim.
// Throws OptionError.
void apply_option(JobSpec& job, const LocatedOption& option);

}  // namespace fio::core
