#include "cli/run_wide_options.hpp"

#include "options/core_options.hpp"
#include "options/option_catalog.hpp"
#include "options/option_value.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace fio::core {
namespace {

// Names the core, its catalog of stock options or a stock engine owns: never a
// plugin's run-wide option, whatever a plugin declares.
bool owned_by_jobs(std::string_view name) {
    return name == "name" || find_core_option(name) != nullptr ||
           find_catalog_option(name) != nullptr || find_engine_owned_option(name) != nullptr;
}

// Why `option` may not stand where it was written, or "" when it may.
std::string misplaced(const LocatedOption& option, const RawSection& section,
                      const RunWideOptionIndex::Owner& owner) {
    if (option.where.file.empty()) return {};  // the command line takes them all
    if (owner.kind == sdk::PluginKind::transport) {
        return fmt::format("{}: option '{}' of {} is given on the command line only",
                           option.where.describe(), option.name, describe_owner(owner));
    }
    if (!section.is_global()) {
        return fmt::format(
            "{}: option '{}' of {} applies to the whole run, not to job '{}': set it in "
            "[global] or on the command line",
            option.where.describe(), option.name, describe_owner(owner), section.name);
    }
    return {};
}

}  // namespace

RunWideOptionIndex::RunWideOptionIndex(PluginRegistry& registry) {
    for (const auto kind : {sdk::PluginKind::output, sdk::PluginKind::transport}) {
        for (auto& plugin : registry.loadable(kind)) {
            const auto& d = plugin->descriptor();
            for (std::size_t i = 0; i < d.option_count; ++i) {
                owners_.push_back({kind, d.name, &d.options[i]});
            }
            plugins_.push_back(std::move(plugin));
        }
    }
}

const RunWideOptionIndex::Owner* RunWideOptionIndex::find(std::string_view name) const {
    const auto it = std::find_if(owners_.begin(), owners_.end(),
                                 [&](const Owner& owner) { return option_matches(*owner.spec, name); });
    return it == owners_.end() ? nullptr : &*it;
}

std::string describe_owner(const RunWideOptionIndex::Owner& owner) {
    return fmt::format("{} '{}'", to_string(owner.kind), owner.plugin);
}

void claim_run_wide_options(std::vector<RawSection>& sections, PluginRegistry& registry,
                            std::vector<LocatedOption>& output,
                            std::vector<LocatedOption>& transport) {
    const bool any_foreign = std::any_of(sections.begin(), sections.end(), [](const RawSection& s) {
        return std::any_of(s.options.begin(), s.options.end(),
                           [](const LocatedOption& o) { return !owned_by_jobs(o.name); });
    });
    if (!any_foreign) return;  // the usual run: no plugin needs opening for this
    const RunWideOptionIndex index(registry);
    for (auto& section : sections) {
        std::erase_if(section.options, [&](const LocatedOption& option) {
            if (owned_by_jobs(option.name)) return false;
            const RunWideOptionIndex::Owner* owner = index.find(option.name);
            if (owner == nullptr) return false;  // an engine's, or unknown: the job says
            if (std::string why = misplaced(option, section, *owner); !why.empty()) {
                throw OptionError(why);
            }
            (owner->kind == sdk::PluginKind::output ? output : transport).push_back(option);
            return true;
        });
    }
}

void claim_run_wide_options(CommandLine& cl, PluginRegistry& registry) {
    const std::size_t outputs_before = cl.output_options.size();
    const std::size_t transports_before = cl.transport_options.size();
    claim_run_wide_options(cl.sections, registry, cl.output_options, cl.transport_options);
    std::vector<std::string> claimed;
    for (std::size_t i = outputs_before; i < cl.output_options.size(); ++i) {
        claimed.push_back(cl.output_options[i].name);
    }
    for (std::size_t i = transports_before; i < cl.transport_options.size(); ++i) {
        claimed.push_back(cl.transport_options[i].name);
    }
    // job_arguments hold "--NAME=VALUE" or "--NAME", as parse_command_line wrote them.
    std::erase_if(cl.job_arguments, [&](const std::string& argument) {
        const std::string_view body = std::string_view(argument).substr(2);
        const std::string_view name = body.substr(0, body.find('='));
        return std::find(claimed.begin(), claimed.end(), name) != claimed.end();
    });
}

}  // namespace fio::core
