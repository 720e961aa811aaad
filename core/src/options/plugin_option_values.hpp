// A plugin's options, parsed against its own option table and handed to its factory.
#pragma once

#include "jobs/job_spec.hpp"
#include "options/option_value.hpp"

#include <fio/sdk/options.hpp>

#include <map>
#include <span>
#include <string>

namespace fio::core {

class PluginOptionValues final : public sdk::OptionValues {
public:
    PluginOptionValues() = default;

    // Parses every entry of `given` against `table` and fills in defaults. Throws
    // OptionError (naming where) for a value that does not parse. Entries whose
    // names are not in the table are left in `unclaimed`, for the caller to report.
    PluginOptionValues(std::span<const sdk::OptionSpec> table,
                       const std::vector<LocatedOption>& given, unsigned kb_base,
                       std::vector<LocatedOption>& unclaimed);

    bool has(std::string_view name) const override;
    bool get_bool(std::string_view name, bool fallback) const override;
    std::int64_t get_int(std::string_view name, std::int64_t fallback) const override;
    std::string_view get_string(std::string_view name, std::string_view fallback) const override;

private:
    std::map<std::string, OptionValue, std::less<>> values_;
};

}  // namespace fio::core
