#include "cli/option_help.hpp"

#include "cli/command_line.hpp"
#include "cli/run_wide_options.hpp"
#include "options/core_options.hpp"
#include "options/option_catalog.hpp"
#include "options/option_value.hpp"
#include "options/suggest.hpp"

#include <fmt/format.h>

namespace fio::core {
namespace {

const char* type_name(sdk::OptionType type) {
    switch (type) {
        case sdk::OptionType::boolean: return "boolean";
        case sdk::OptionType::integer: return "integer";
        case sdk::OptionType::size: return "size (k/m/g/t/p suffixes)";
        case sdk::OptionType::time: return "time";
        case sdk::OptionType::string: return "string";
        case sdk::OptionType::choice: return "choice";
        case sdk::OptionType::percentage: return "percentage";
    }
    return "?";
}

std::string one_line(const sdk::OptionSpec& spec) {
    return fmt::format("{:<24} : {}\n", spec.name, spec.help ? spec.help : "");
}

// How help names a kind of plugin: the stem of its --*help flag ("eng" for --enghelp)
// and the title of its list.
struct KindWords {
    const char* help_flag;
    const char* title;
};

KindWords words_for(sdk::PluginKind kind) {
    switch (kind) {
        case sdk::PluginKind::engine: return {"eng", "I/O engines"};
        case sdk::PluginKind::output: return {"out", "output plugins"};
        case sdk::PluginKind::transport: return {"transport", "transports"};
    }
    return {"eng", "plugins"};
}

}  // namespace

std::string describe_option(const sdk::OptionSpec& spec, std::string_view status) {
    std::string text = fmt::format("{:>12}: {}\n", spec.name, spec.help ? spec.help : "");
    if (spec.aliases) text += fmt::format("{:>12}: {}\n", "alias", spec.aliases);
    std::string type = type_name(spec.type);
    if (spec.type == sdk::OptionType::time && spec.unit) {
        type += fmt::format(" (a bare number is in {})", spec.unit);
    }
    text += fmt::format("{:>12}: {}\n", "type", type);
    if (spec.choices) text += fmt::format("{:>12}: {}\n", "values", spec.choices);
    if (spec.default_value) text += fmt::format("{:>12}: {}\n", "default", spec.default_value);
    const bool ranged = spec.type == sdk::OptionType::integer || spec.type == sdk::OptionType::size;
    if (ranged && (spec.min != sdk::kNoMin || spec.max != sdk::kNoMax)) {
        text += fmt::format("{:>12}: {} to {}\n", "range",
                            spec.min == sdk::kNoMin ? std::string("-") : std::to_string(spec.min),
                            spec.max == sdk::kNoMax ? std::string("-") : std::to_string(spec.max));
    }
    if (spec.category) text += fmt::format("{:>12}: {}\n", "category", spec.category);
    if (!status.empty()) text += fmt::format("{:>12}: {}\n", "status", status);
    return text;
}

std::string render_cmdhelp(PluginRegistry& registry, std::string_view which) {
    if (which.empty() || which == "all") {
        std::string text;
        for (const auto& option : core_options()) text += one_line(option.spec);
        for (const auto& entry : option_catalog()) text += one_line(entry.spec);
        return text;
    }
    if (const CoreOption* option = find_core_option(which)) {
        return describe_option(option->spec, "supported");
    }
    if (const CatalogEntry* entry = find_catalog_option(which)) {
        const bool ignored = entry->support == OptionSupport::ignored_with_warning;
        return describe_option(entry->spec, fmt::format("{}: {}",
                                                        ignored ? "accepted with a warning, no effect"
                                                                : "refused with an error",
                                                        entry->reason));
    }
    if (const EngineOwnedOption* owned = find_engine_owned_option(which)) {
        return fmt::format("{:>12}: an option of ioengine={} (see --enghelp=ENGINE)\n", which,
                           owned->engines);
    }
    const RunWideOptionIndex plugin_options(registry);
    if (const auto* owner = plugin_options.find(which)) {
        return describe_option(*owner->spec,
                               fmt::format("an option of {}, for the whole run (see --{}help={})",
                                           describe_owner(*owner), words_for(owner->kind).help_flag,
                                           owner->plugin));
    }
    std::vector<std::string> names;
    for (const auto& option : core_options()) names.emplace_back(option.spec.name);
    for (const auto& entry : option_catalog()) names.emplace_back(entry.spec.name);
    for (const auto& owner : plugin_options.owners()) names.emplace_back(owner.spec->name);
    const std::string hint = closest_match(which, names);
    throw CommandLineError(fmt::format("--cmdhelp: unknown option '{}'{}", which,
                                       hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
}

namespace {

std::string markdown_cell(std::string_view text) {
    std::string cell(text);
    for (std::size_t at = cell.find('|'); at != std::string::npos; at = cell.find('|', at + 2)) {
        cell.replace(at, 1, "\\|");
    }
    return cell;
}

std::string markdown_row(const sdk::OptionSpec& spec, std::string_view owner, std::string_view status) {
    return fmt::format("| `{}` | {} | {} | {} | {} | {} | {} |\n", spec.name,
                       spec.aliases ? markdown_cell(spec.aliases) : "", type_name(spec.type),
                       spec.default_value ? markdown_cell(spec.default_value) : "", owner,
                       markdown_cell(status), markdown_cell(spec.help ? spec.help : ""));
}

}  // namespace

std::string render_options_markdown(PluginRegistry& registry) {
    std::string text =
        "# Job options\n\n"
        "Generated by `fio --options-markdown` from the option registry (core options, the\n"
        "catalog of stock fio options not implemented yet, and every engine, output and\n"
        "transport plugin found; output and transport options are for the whole run);\n"
        "a test fails when this file is out of date.\n\n"
        "Status: **supported**; **warning** (accepted, has no effect here, a warning says\n"
        "so); **refused** (an error names the option and why; accepted silently when the\n"
        "value only restates stock fio's default).\n\n"
        "| option | aliases | type | default | owner | status | meaning |\n"
        "|---|---|---|---|---|---|---|\n";
    for (const auto& option : core_options()) text += markdown_row(option.spec, "core", "supported");
    for (const auto& entry : option_catalog()) {
        const bool ignored = entry.support == OptionSupport::ignored_with_warning;
        text += markdown_row(entry.spec, "core",
                             fmt::format("{}: {}", ignored ? "warning" : "refused", entry.reason));
    }
    const std::pair<sdk::PluginKind, const char*> owners[] = {
        {sdk::PluginKind::engine, "ioengine"},
        {sdk::PluginKind::output, "output-format"},
        {sdk::PluginKind::transport, "transport"},
    };
    for (const auto& [kind, owner] : owners) {
        for (const auto& plugin : registry.loadable(kind)) {
            const auto& d = plugin->descriptor();
            for (std::size_t i = 0; i < d.option_count; ++i) {
                text += markdown_row(d.options[i], fmt::format("{}={}", owner, d.name), "supported");
            }
        }
    }
    return text;
}

std::string render_plugin_help(PluginRegistry& registry, sdk::PluginKind kind,
                               std::string_view which) {
    if (which.empty()) {
        std::string text = fmt::format("Available {}:\n", words_for(kind).title);
        for (const auto& name : registry.available_names(kind)) text += fmt::format("\t{}\n", name);
        return text;
    }
    const auto comma = which.find(',');
    const std::string plugin_name(which.substr(0, comma));
    const auto plugin = registry.find(kind, plugin_name);
    const auto& d = plugin->descriptor();
    if (comma != std::string_view::npos) {
        const std::string_view option_name = which.substr(comma + 1);
        for (std::size_t i = 0; i < d.option_count; ++i) {
            if (option_matches(d.options[i], option_name)) return describe_option(d.options[i], "");
        }
        throw CommandLineError(fmt::format("--{}help: {} '{}' has no option '{}'", words_for(kind).help_flag,
                                           to_string(kind), plugin_name, option_name));
    }
    std::string text = fmt::format("{}: {}\n", d.name, d.summary ? d.summary : "");
    if (d.option_count == 0) return text + fmt::format("(no {} options)\n", to_string(kind));
    for (std::size_t i = 0; i < d.option_count; ++i) text += one_line(d.options[i]);
    return text;
}

std::string render_run_wide_options_help(PluginRegistry& registry) {
    std::string text;
    for (const auto kind : {sdk::PluginKind::output, sdk::PluginKind::transport}) {
        std::string lines;
        for (const auto& plugin : registry.loadable(kind)) {
            const auto& d = plugin->descriptor();
            for (std::size_t i = 0; i < d.option_count; ++i) {
                const auto& spec = d.options[i];
                const bool flag = spec.type == sdk::OptionType::boolean;
                lines += fmt::format("      {:<32} {}: {}\n",
                                     fmt::format("--{}{}", spec.name, flag ? "[=BOOL]" : "=VALUE"),
                                     d.name, spec.help ? spec.help : "");
            }
        }
        if (lines.empty()) continue;
        text += kind == sdk::PluginKind::output
                    ? "\nOptions of the output plugins (with --output-format naming the plugin):\n"
                    : "\nOptions of the transports (with --server or --client):\n";
        text += lines;
    }
    return text;
}

}  // namespace fio::core
