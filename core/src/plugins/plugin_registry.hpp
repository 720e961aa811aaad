// Where plugins are found, and the cache of the ones opened so far.
//
// Search order: every --plugin-dir, each entry of $FIO_PLUGIN_PATH, the install
// directory relative to the executable (<exe>/../<libdir>/fio/plugins, and
// <exe>/../lib/fio/plugins), then, for a program inside the build tree only, the build
// tree's plugin directory. The
// first *loadable* file of a name wins: one refused (other ABI, not a plugin, missing
// library) does not hide a good one later in the path. A plugin is opened only when
// something names it; listing opens every file so it can say why one is refused.
#pragma once

#include "plugins/plugin_loader.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace fio::core {

// One row of `fio --list-plugins`.
struct PluginListing {
    std::filesystem::path path;
    std::shared_ptr<LoadedPlugin> plugin;  // null when refused
    std::string refusal;                   // why, when refused
    bool shadowed = false;  // a loadable one of the same kind and name comes earlier
};

class PluginRegistry {
public:
    explicit PluginRegistry(std::vector<std::filesystem::path> search_dirs);

    // The standard search path for these --plugin-dir values, reading $FIO_PLUGIN_PATH.
    static std::vector<std::filesystem::path> default_search_dirs(
        const std::vector<std::filesystem::path>& plugin_dirs);

    const std::vector<std::filesystem::path>& search_dirs() const noexcept { return dirs_; }

    // `name_or_path` is a plugin name ("psync") or, when it contains a '/', the path of
    // a plugin file. The first loadable file of that name in search order; throws
    // PluginError naming every refused file and its reason, or listing where it looked
    // when nothing was found.
    std::shared_ptr<LoadedPlugin> find(sdk::PluginKind kind, const std::string& name_or_path);

    // Every fio-*.so in the search path, opened and checked, in search order.
    std::vector<PluginListing> list_all();

    // Names of the loadable plugins of one kind, sorted (for error hints and help).
    std::vector<std::string> available_names(sdk::PluginKind kind);

    // The loadable plugins of one kind, the one that wins for each name, sorted by name.
    std::vector<std::shared_ptr<LoadedPlugin>> loadable(sdk::PluginKind kind);

private:
    std::shared_ptr<LoadedPlugin> open_checked(sdk::PluginKind kind,
                                               const std::filesystem::path& path,
                                               const std::string& expected_name);

    std::vector<std::filesystem::path> dirs_;
    std::map<std::filesystem::path, std::shared_ptr<LoadedPlugin>> opened_;
    std::map<std::filesystem::path, std::string> refused_;  // file -> why, tried once
};

// "fio-engine-psync.so" for (engine, "psync").
std::string plugin_file_name(sdk::PluginKind kind, const std::string& name);

}  // namespace fio::core
