#include "plugins/plugin_loader.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <string_view>
#include <system_error>

namespace fio::core {
namespace {

// The smallest descriptor a plugin of ABI 1.0 may hand us: everything up to and
// including the transport factory. Later minors append fields after it.
constexpr std::size_t kMinimumDescriptorSize =
    offsetof(sdk::PluginDescriptor, create_transport) + sizeof(sdk::TransportFactory);

// From ABI 1.5 on, a descriptor carries the plugin's C++ runtime.
constexpr std::uint16_t kFirstMinorWithCxxRuntime = 5;
constexpr std::size_t kCxxRuntimeDescriptorSize =
    offsetof(sdk::PluginDescriptor, cxx_runtime) + sizeof(sdk::CxxRuntime);

// Connection::native_handle() was appended in ABI 1.3 and the server calls it on the
// connections it refuses: the vtable of an older transport's connection has no such
// slot. The host may only call an appended virtual on plugins that have it, and this
// one it needs, so an older transport is refused (docs/sdk-abi.md).
constexpr std::uint16_t kTransportMinimumMinor = 3;

std::string describe_runtime(const sdk::CxxRuntime& runtime) {
    return fmt::format("{} (_GLIBCXX_USE_CXX11_ABI={}, sizeof(std::string)={}, "
                       "sizeof(std::vector)={})",
                       sdk::to_string(runtime.library), runtime.cxx11_abi, runtime.string_size,
                       runtime.vector_size);
}

// Result structs hand std::string and std::vector across: a plugin built with another
// C++ runtime would read them at the wrong offsets. A plugin older than 1.5 says
// nothing about its runtime; it is taken to be the host's, as before 1.5.
std::string check_cxx_runtime(const sdk::PluginDescriptor& d) {
    if (d.abi_minor < kFirstMinorWithCxxRuntime) return {};
    if (d.descriptor_size < kCxxRuntimeDescriptorSize) {
        return fmt::format("descriptor is {} bytes, ABI {}.{} needs at least {}",
                           d.descriptor_size, d.abi_major, d.abi_minor,
                           kCxxRuntimeDescriptorSize);
    }
    constexpr sdk::CxxRuntime host = sdk::this_cxx_runtime();
    if (d.cxx_runtime == host) return {};
    return fmt::format("built with the C++ runtime {}, but this fio uses {}; rebuild the "
                       "plugin with the host's compiler settings",
                       describe_runtime(d.cxx_runtime), describe_runtime(host));
}

}  // namespace

std::string describe_open_failure(const std::filesystem::path& path, const std::exception& e) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return "no such file";
    // Boost.DLL wraps the dynamic loader's words (missing dependency, wrong ELF class,
    // "invalid ELF header" for a text file) in its own; keep only the loader's.
    const std::string_view what = e.what();
    constexpr std::string_view kMarker = "dlerror system message: ";
    const auto start = what.find(kMarker);
    const auto end = what.rfind("): ");
    if (start != std::string_view::npos && end != std::string_view::npos && end > start) {
        return fmt::format("cannot load: {}", what.substr(start + kMarker.size(),
                                                          end - start - kMarker.size()));
    }
    return fmt::format("cannot load: {}", what);
}

std::string check_descriptor(const sdk::PluginDescriptor& d) {
    if (d.magic != sdk::kPluginMagic) {
        return fmt::format("not a fio plugin: bad magic {:#010x} (expected {:#010x})", d.magic,
                           sdk::kPluginMagic);
    }
    if (d.abi_major != sdk::kAbiMajor) {
        return fmt::format(
            "built for fio SDK ABI {}.{}, but this fio speaks ABI {}.{}; rebuild the plugin "
            "against the fio {}.x SDK",
            d.abi_major, d.abi_minor, sdk::kAbiMajor, sdk::kAbiMinor, sdk::kAbiMajor);
    }
    if (d.abi_minor > sdk::kAbiMinor) {
        return fmt::format(
            "built for fio SDK ABI {}.{}, newer than this fio's ABI {}.{}; upgrade fio or "
            "rebuild the plugin against SDK {}.{}",
            d.abi_major, d.abi_minor, sdk::kAbiMajor, sdk::kAbiMinor, sdk::kAbiMajor,
            sdk::kAbiMinor);
    }
    if (d.descriptor_size < kMinimumDescriptorSize) {
        return fmt::format("descriptor is {} bytes, ABI {}.{} needs at least {}",
                           d.descriptor_size, d.abi_major, d.abi_minor, kMinimumDescriptorSize);
    }
    if (std::string reason = check_cxx_runtime(d); !reason.empty()) return reason;
    const bool kind_known = d.kind == sdk::PluginKind::engine ||
                            d.kind == sdk::PluginKind::output ||
                            d.kind == sdk::PluginKind::transport;
    if (!kind_known) {
        return fmt::format("unknown plugin kind {}", static_cast<unsigned>(d.kind));
    }
    if (d.name == nullptr || *d.name == '\0') return "the descriptor has no name";
    if (d.kind == sdk::PluginKind::transport && d.abi_minor < kTransportMinimumMinor) {
        return fmt::format(
            "built for fio SDK ABI {}.{}, but this fio (ABI {}.{}) needs a transport of ABI {}.{} "
            "or later (Connection::native_handle); rebuild it against SDK {}.{}",
            d.abi_major, d.abi_minor, sdk::kAbiMajor, sdk::kAbiMinor, sdk::kAbiMajor,
            kTransportMinimumMinor, sdk::kAbiMajor, sdk::kAbiMinor);
    }
    const bool has_factory = (d.kind == sdk::PluginKind::engine && d.create_engine) ||
                             (d.kind == sdk::PluginKind::output && d.create_output) ||
                             (d.kind == sdk::PluginKind::transport && d.create_transport);
    if (!has_factory) {
        return fmt::format("the {} plugin '{}' has no {} factory", to_string(d.kind), d.name,
                           to_string(d.kind));
    }
    if (d.option_count > 0 && d.options == nullptr) return "option table missing";
    return {};
}

std::shared_ptr<LoadedPlugin> load_plugin(const std::filesystem::path& path) {
    namespace dll = boost::dll;
    dll::shared_library library;
    try {
        library.load(path, dll::load_mode::rtld_local | dll::load_mode::rtld_now);
    } catch (const std::exception& e) {
        throw PluginError(fmt::format("plugin {}: {}", path.string(), describe_open_failure(path, e)));
    }
    if (!library.has(sdk::kPluginEntrySymbol)) {
        throw PluginError(fmt::format("plugin {}: not a fio plugin: it does not export '{}'",
                                      path.string(), sdk::kPluginEntrySymbol));
    }
    const sdk::PluginDescriptor* descriptor =
        library.get_alias<sdk::PluginEntry>(sdk::kPluginEntrySymbol)();
    if (descriptor == nullptr) {
        throw PluginError(
            fmt::format("plugin {}: its entry returned no descriptor", path.string()));
    }
    if (std::string reason = check_descriptor(*descriptor); !reason.empty()) {
        throw PluginError(fmt::format("plugin {}: {}", path.string(), reason));
    }
    return std::make_shared<LoadedPlugin>(std::move(library), descriptor, path);
}

}  // namespace fio::core
