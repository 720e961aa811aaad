// Options of output and transport plugins. They configure the whole run (its reports,
// its connections), not one job, so they are taken out of the job sections before the
// jobs are built and handed to the plugin when the run creates it.
//
// Where they may be written:
//   - on the command line, anywhere (before or after --name, one dash or two);
//   - an output plugin's options also in a [global] section of a job file; in a job's
//     own section they are refused, since they cannot differ from job to job;
//   - a transport's options on the command line only (job files travel to servers).
// An option of an output plugin that --output-format does not name is refused by the
// output set, as is a transport option in a run with neither --server nor --client.
#pragma once

#include "cli/command_line.hpp"
#include "jobs/job_spec.hpp"
#include "jobs/raw_job.hpp"
#include "plugins/plugin_registry.hpp"

#include <fio/sdk/options.hpp>
#include <fio/sdk/plugin.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fio::core {

// Which loadable output or transport plugin declares which option.
class RunWideOptionIndex {
public:
    struct Owner {
        sdk::PluginKind kind;
        std::string plugin;  // its name: --output-format=<plugin>, --server=<plugin>:...
        const sdk::OptionSpec* spec;
    };

    // Opens every loadable output and transport plugin of the search path.
    explicit RunWideOptionIndex(PluginRegistry& registry);

    // The first plugin (outputs before transports, by name) with an option whose name
    // or alias is `name`; nullptr when none has it.
    const Owner* find(std::string_view name) const;

    const std::vector<Owner>& owners() const noexcept { return owners_; }

private:
    std::vector<std::shared_ptr<LoadedPlugin>> plugins_;  // keep the specs mapped
    std::vector<Owner> owners_;
};

// "output 'csv'" or "transport 'tls'": how messages name an option's owner.
std::string describe_owner(const RunWideOptionIndex::Owner& owner);

// Moves every option of an output plugin into `output` and of a transport into
// `transport`, out of `sections`. Plugins are opened only when some option is not
// the core's. Throws OptionError, naming where, for one in a job file that may not be
// there.
void claim_run_wide_options(std::vector<RawSection>& sections, PluginRegistry& registry,
                            std::vector<LocatedOption>& output,
                            std::vector<LocatedOption>& transport);

// The same for the command line's options, into cl.output_options and
// cl.transport_options; they leave cl.job_arguments too (what a client sends to the
// servers as the jobs' options).
void claim_run_wide_options(CommandLine& cl, PluginRegistry& registry);

}  // namespace fio::core
