// Opening one plugin file and deciding whether the host may use it.
#pragma once

#include <fio/sdk/plugin.hpp>

#include <boost/dll/shared_library.hpp>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace fio::core {

// A refusal: what() is one line that names the file and the reason.
class PluginError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A plugin library that passed every check. The library stays mapped as long as
// this object lives; objects created by its factories must die first.
class LoadedPlugin {
public:
    LoadedPlugin(boost::dll::shared_library library, const sdk::PluginDescriptor* descriptor,
                 std::filesystem::path path)
        : library_(std::move(library)), descriptor_(descriptor), path_(std::move(path)) {}

    const sdk::PluginDescriptor& descriptor() const noexcept { return *descriptor_; }
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    boost::dll::shared_library library_;
    const sdk::PluginDescriptor* descriptor_;
    std::filesystem::path path_;
};

// Loads `path` with local symbol scope and checks the descriptor: magic, ABI major
// (equal), ABI minor (<= host) and descriptor size. Throws PluginError otherwise.
std::shared_ptr<LoadedPlugin> load_plugin(const std::filesystem::path& path);

// Why Boost.DLL could not open `path`, in the dynamic loader's words ("no such file",
// "cannot load: libfoo.so: cannot open shared object file ..."), for any library fio
// opens at run time (plugins, the fio-crypto module).
std::string describe_open_failure(const std::filesystem::path& path, const std::exception& e);

// The checks alone, for a descriptor already in memory; returns "" when acceptable.
std::string check_descriptor(const sdk::PluginDescriptor& descriptor);

}  // namespace fio::core
