#include "cli/plugin_listing.hpp"

#include <fio/sdk/version.hpp>

#include <fmt/format.h>

namespace fio::core {

std::string render_plugin_listing(PluginRegistry& registry) {
    std::string text = fmt::format("Plugin ABI of this fio: {}.{}\n", sdk::kAbiMajor, sdk::kAbiMinor);
    text += "Search path:\n";
    for (const auto& dir : registry.search_dirs()) text += fmt::format("  {}\n", dir.string());
    text += fmt::format("{:<10} {:<12} {:<9} {:<5} {}\n", "KIND", "NAME", "VERSION", "ABI", "PATH");
    for (const auto& row : registry.list_all()) {
        if (row.plugin) {
            const auto& d = row.plugin->descriptor();
            text += fmt::format("{:<10} {:<12} {:<9} {:<5} {}{}\n", to_string(d.kind), d.name,
                                d.version, fmt::format("{}.{}", d.abi_major, d.abi_minor),
                                row.path.string(), row.shadowed ? "  (shadowed by an earlier one)" : "");
            text += fmt::format("{:<10} {}\n", "", d.summary ? d.summary : "");
        } else {
            text += fmt::format("{:<10} {:<12} {:<9} {:<5} {}\n", "refused", "-", "-", "-",
                                row.path.string());
            text += fmt::format("{:<10} {}\n", "", row.refusal);
        }
    }
    return text;
}

}  // namespace fio::core
