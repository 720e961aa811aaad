#include "cli/option_help.hpp"

#include "cli/command_line.hpp"
#include "options/core_options.hpp"
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

std::string render_cmdhelp(std::string_view which) {
    if (which.empty() || which == "all") {
        std::string text;
        for (const auto& option : core_options()) text += one_line(option.spec);
        return text;
    }
    if (const CoreOption* option = find_core_option(which)) {
        return describe_option(option->spec, "supported");
    }
    std::vector<std::string> names;
    for (const auto& option : core_options()) names.emplace_back(option.spec.name);
    const std::string hint = closest_match(which, names);
    throw CommandLineError(fmt::format("--cmdhelp: unknown option '{}'{}", which,
                                       hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
}

std::string render_enghelp(PluginRegistry& registry, std::string_view which) {
    if (which.empty()) {
        std::string text = "Available I/O engines:\n";
        for (const auto& name : registry.available_names(sdk::PluginKind::engine)) {
            text += fmt::format("\t{}\n", name);
        }
        return text;
    }
    const auto comma = which.find(',');
    const std::string engine_name(which.substr(0, comma));
    const auto plugin = registry.find(sdk::PluginKind::engine, engine_name);
    const auto& d = plugin->descriptor();
    if (comma != std::string_view::npos) {
        const std::string_view option_name = which.substr(comma + 1);
        for (std::size_t i = 0; i < d.option_count; ++i) {
            if (option_name == d.options[i].name) return describe_option(d.options[i], "");
        }
        throw CommandLineError(fmt::format("--enghelp: engine '{}' has no option '{}'", engine_name,
                                           option_name));
    }
    std::string text = fmt::format("{}: {}\n", d.name, d.summary ? d.summary : "");
    if (d.option_count == 0) return text + "(no engine options)\n";
    for (std::size_t i = 0; i < d.option_count; ++i) text += one_line(d.options[i]);
    return text;
}

}  // namespace fio::core
