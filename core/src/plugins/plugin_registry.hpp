// Where plugins are found, and the cache of the ones opened so far.
//
// Search order (first match wins): every --plugin-dir, each entry of
// $FIO_PLUGIN_PATH, the install directory <exe>/../lib/fio/plugins, then the build
// tree's plugin directory. A plugin is opened only when a job names it; listing opens
// every file so it can say why one is refused.
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
    bool shadowed = false;                 // an earlier directory has the same kind and name
};

class PluginRegistry {
public:
    explicit PluginRegistry(std::vector<std::filesystem::path> search_dirs);

    // The standard search path for these --plugin-dir values, reading $FIO_PLUGIN_PATH.
    static std::vector<std::filesystem::path> default_search_dirs(
        const std::vector<std::filesystem::path>& plugin_dirs);

    const std::vector<std::filesystem::path>& search_dirs() const noexcept { return dirs_; }

    // `name_or_path` is a plugin name ("psync") or, when it contains a '/', the path of
    // a plugin file. Throws PluginError naming the file and reason, or listing where it
    // looked when nothing was found.
    std::shared_ptr<LoadedPlugin> find(sdk::PluginKind kind, const std::string& name_or_path);

    // Every fio-*.so in the search path, opened and checked, in search order.
    std::vector<PluginListing> list_all();

    // Names of the usable plugins of one kind (for error hints).
    std::vector<std::string> available_names(sdk::PluginKind kind);

private:
    std::shared_ptr<LoadedPlugin> open_checked(sdk::PluginKind kind,
                                               const std::filesystem::path& path,
                                               const std::string& expected_name);

    std::vector<std::filesystem::path> dirs_;
    std::map<std::filesystem::path, std::shared_ptr<LoadedPlugin>> opened_;
};

// "fio-engine-psync.so" for (engine, "psync").
std::string plugin_file_name(sdk::PluginKind kind, const std::string& name);

}  // namespace fio::core
