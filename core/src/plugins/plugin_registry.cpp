#include "plugins/plugin_registry.hpp"

#include "debug/debug_log.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <string_view>
#include <system_error>

namespace fio::core {
namespace fs = std::filesystem;

namespace {

fs::path executable_dir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path{} : exe.parent_path();
}

std::vector<std::string> split_colon_list(std::string_view list) {
    std::vector<std::string> parts;
    while (!list.empty()) {
        const auto colon = list.find(':');
        const auto part = list.substr(0, colon);
        if (!part.empty()) parts.emplace_back(part);
        if (colon == std::string_view::npos) break;
        list.remove_prefix(colon + 1);
    }
    return parts;
}

// "fio-engine-psync.so" -> {engine, "psync"}; false for any other file name.
bool parse_plugin_file_name(const std::string& file, sdk::PluginKind& kind, std::string& name) {
    constexpr std::string_view kPrefix = "fio-";
    constexpr std::string_view kSuffix = ".so";
    if (file.size() <= kPrefix.size() + kSuffix.size() || !file.starts_with(kPrefix) ||
        !file.ends_with(kSuffix)) {
        return false;
    }
    const std::string_view middle(file.data() + kPrefix.size(),
                                  file.size() - kPrefix.size() - kSuffix.size());
    for (auto k : {sdk::PluginKind::engine, sdk::PluginKind::output, sdk::PluginKind::transport}) {
        const std::string kind_prefix = std::string(to_string(k)) + "-";
        if (middle.starts_with(kind_prefix) && middle.size() > kind_prefix.size()) {
            kind = k;
            name = std::string(middle.substr(kind_prefix.size()));
            return true;
        }
    }
    return false;
}

}  // namespace

std::string plugin_file_name(sdk::PluginKind kind, const std::string& name) {
    return fmt::format("fio-{}-{}.so", to_string(kind), name);
}

PluginRegistry::PluginRegistry(std::vector<fs::path> search_dirs) : dirs_(std::move(search_dirs)) {}

std::vector<fs::path> PluginRegistry::default_search_dirs(const std::vector<fs::path>& plugin_dirs) {
    std::vector<fs::path> dirs = plugin_dirs;
    if (const char* env = std::getenv("FIO_PLUGIN_PATH")) {
        for (auto& dir : split_colon_list(env)) dirs.emplace_back(dir);
    }
    const fs::path exe_dir = executable_dir();
    if (!exe_dir.empty()) {
        dirs.push_back((exe_dir / FIO_PLUGIN_DIR_FROM_BIN).lexically_normal());
        dirs.push_back((exe_dir / ".." / "lib" / "fio" / "plugins").lexically_normal());
    }
    // The build tree's plugins, for a program of the build tree only: an installed fio
    // listing them too would show every plugin twice (and load a stale build's).
    const fs::path build_tree = fs::path(FIO_BUILD_TREE_DIR).lexically_normal();
    const auto [tree_end, exe_at] = std::mismatch(build_tree.begin(), build_tree.end(),
                                                  exe_dir.begin(), exe_dir.end());
    if (exe_dir.empty() || tree_end == build_tree.end()) dirs.emplace_back(FIO_BUILD_PLUGIN_DIR);
    // Keep the first occurrence of each directory.
    std::vector<fs::path> unique;
    for (auto& dir : dirs) {
        if (std::find(unique.begin(), unique.end(), dir) == unique.end()) unique.push_back(dir);
    }
    return unique;
}

std::shared_ptr<LoadedPlugin> PluginRegistry::open_checked(sdk::PluginKind kind,
                                                           const fs::path& path,
                                                           const std::string& expected_name) {
    if (auto it = refused_.find(path); it != refused_.end()) throw PluginError(it->second);
    std::shared_ptr<LoadedPlugin> plugin;
    if (auto it = opened_.find(path); it != opened_.end()) {
        plugin = it->second;
    } else {
        try {
            plugin = load_plugin(path);
        } catch (const PluginError& e) {
            refused_.emplace(path, e.what());  // the file itself: no use trying it again
            throw;
        }
        opened_.emplace(path, plugin);
        const auto& d = plugin->descriptor();
        // Engines are the I/O path: under --debug=io, as stock logs "load ioengine".
        debug(d.kind == sdk::PluginKind::engine ? DebugType::io : DebugType::process,
              "loaded {} plugin '{}' {} (ABI {}.{}) from {}", to_string(d.kind), d.name, d.version,
              d.abi_major, d.abi_minor, path.string());
    }
    const auto& d = plugin->descriptor();
    // Asked for as another kind or under another name: refused for this request only.
    if (d.kind != kind) {
        throw PluginError(fmt::format("plugin {}: is of kind '{}', not '{}'",
                                      path.string(), to_string(d.kind), to_string(kind)));
    }
    if (!expected_name.empty() && expected_name != d.name) {
        throw PluginError(fmt::format("plugin {}: declares the name '{}', but its file name says '{}'",
                                      path.string(), d.name, expected_name));
    }
    return plugin;
}

std::shared_ptr<LoadedPlugin> PluginRegistry::find(sdk::PluginKind kind,
                                                   const std::string& name_or_path) {
    if (name_or_path.find('/') != std::string::npos) {
        return open_checked(kind, fs::path(name_or_path), {});
    }
    const std::string file = plugin_file_name(kind, name_or_path);
    std::vector<std::string> refusals;
    for (const auto& dir : dirs_) {
        std::error_code ec;
        const fs::path candidate = dir / file;
        if (!fs::exists(candidate, ec)) continue;
        try {
            return open_checked(kind, candidate, name_or_path);
        } catch (const PluginError& e) {
            refusals.emplace_back(e.what());  // a later file of that name may do
        }
    }
    if (!refusals.empty()) throw PluginError(fmt::format("{}", fmt::join(refusals, "; ")));
    std::vector<std::string> dirs;
    for (const auto& dir : dirs_) dirs.push_back(dir.string());
    const auto names = available_names(kind);
    throw PluginError(fmt::format("no {} named '{}' (looked for {} in: {}); available: {}",
                                  to_string(kind), name_or_path, file, fmt::join(dirs, ", "),
                                  names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "))));
}

std::vector<PluginListing> PluginRegistry::list_all() {
    std::vector<PluginListing> rows;
    std::set<std::pair<sdk::PluginKind, std::string>> seen;
    for (const auto& dir : dirs_) {
        std::error_code ec;
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(dir, ec)) {
            sdk::PluginKind kind{};
            std::string name;
            if (parse_plugin_file_name(entry.path().filename().string(), kind, name)) {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
        for (const auto& path : files) {
            sdk::PluginKind kind{};
            std::string name;
            parse_plugin_file_name(path.filename().string(), kind, name);
            PluginListing row;
            row.path = path;
            try {
                row.plugin = open_checked(kind, path, name);
                row.shadowed = !seen.emplace(kind, name).second;
            } catch (const PluginError& e) {
                row.refusal = e.what();
            }
            rows.push_back(std::move(row));
        }
    }
    return rows;
}

std::vector<std::shared_ptr<LoadedPlugin>> PluginRegistry::loadable(sdk::PluginKind kind) {
    std::set<std::string> names;
    for (const auto& dir : dirs_) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(dir, ec)) {
            sdk::PluginKind file_kind{};
            std::string name;
            if (parse_plugin_file_name(entry.path().filename().string(), file_kind, name) &&
                file_kind == kind) {
                names.insert(name);
            }
        }
    }
    std::vector<std::shared_ptr<LoadedPlugin>> plugins;
    for (const auto& name : names) {
        try {
            plugins.push_back(find(kind, name));
        } catch (const PluginError&) {
            // Every file of that name is refused: --list-plugins says why.
        }
    }
    return plugins;
}

std::vector<std::string> PluginRegistry::available_names(sdk::PluginKind kind) {
    std::vector<std::string> names;
    for (const auto& plugin : loadable(kind)) names.emplace_back(plugin->descriptor().name);
    return names;
}

}  // namespace fio::core
