#include "options/plugin_option_values.hpp"

#include "options/core_options.hpp"
#include "options/value_parsers.hpp"

namespace fio::core {

PluginOptionValues::PluginOptionValues(std::span<const sdk::OptionSpec> table,
                                       const std::vector<LocatedOption>& given,
                                       unsigned kb_base, std::vector<LocatedOption>& unclaimed) {
    for (const auto& spec : table) {
        if (spec.default_value == nullptr) continue;
        values_[spec.name] = parse_option_value(spec, spec.default_value, kb_base);
    }
    for (const auto& option : given) {
        const sdk::OptionSpec* match = nullptr;
        for (const auto& spec : table) {
            if (option_matches(spec, option.name)) match = &spec;
        }
        if (match == nullptr) {
            unclaimed.push_back(option);
            continue;
        }
        values_[match->name] = parse_given_option(*match, option, kb_base);
    }
}

bool PluginOptionValues::has(std::string_view name) const { return values_.contains(name); }

bool PluginOptionValues::get_bool(std::string_view name, bool fallback) const {
    const auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second.boolean;
}

std::int64_t PluginOptionValues::get_int(std::string_view name, std::int64_t fallback) const {
    const auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second.integer;
}

std::string_view PluginOptionValues::get_string(std::string_view name,
                                                std::string_view fallback) const {
    const auto it = values_.find(name);
    return it == values_.end() ? fallback : std::string_view(it->second.text);
}

}  // namespace fio::core
