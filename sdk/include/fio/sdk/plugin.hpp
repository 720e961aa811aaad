// The plugin contract: what a shared library must export for the host to load it.
//
// A plugin is a file named `fio-<kind>-<name>.so` that exports exactly one entry
// symbol, `fio_plugin_entry`, through Boost.DLL. The entry returns a pointer to a
// static PluginDescriptor. The host reads the descriptor before using anything else
// in the library and refuses it when:
//   - `magic` is not kPluginMagic (the file is not a fio plugin, or is corrupted);
//   - `abi_major` differs from the host's (incompatible SDK);
//   - `abi_minor` is greater than the host's (built against a newer SDK);
//   - `descriptor_size` is smaller than the host needs for that minor version;
//   - (ABI 1.5) `cxx_runtime` differs from the host's C++ runtime.
// Later SDK minors may append fields to PluginDescriptor; `descriptor_size` tells the
// host how many of them this plugin filled in (as OBS does with its structs).
//
// Declare a plugin in one line at namespace scope of one source file:
//
//     FIO_DECLARE_ENGINE_PLUGIN("psync", "1.0.0", "pread/pwrite", kPluginNoFlags, kOptions,
//                               make_engine);
#pragma once

#include <boost/dll/alias.hpp>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <new>
#include <string>
#include <string_view>

#include "fio/sdk/cxx_runtime.hpp"
#include "fio/sdk/engine.hpp"
#include "fio/sdk/options.hpp"
#include "fio/sdk/version.hpp"

namespace fio::sdk {

class Engine;
class OutputSink;
class Transport;
struct EngineSetup;
struct OutputSetup;
struct TransportSetup;

// "FIOP" in ASCII; a descriptor that does not start with it is not ours.
inline constexpr std::uint32_t kPluginMagic = 0x50'4F'49'46u;

enum class PluginKind : std::uint32_t {
    engine = 1,
    transport = 2,
    output = 3,
};

inline const char* to_string(PluginKind kind) noexcept {
    switch (kind) {
        case PluginKind::engine: return "engine";
        case PluginKind::transport: return "transport";
        case PluginKind::output: return "output";
    }
    return "unknown";
}

// Static facts about a plugin, known without creating an instance. What each means for
// files, sizes and verify= (the host refuses a job that asks for what a flag rules out,
// in one line naming the job, the engine and the option):
//   no flag             - the core lays out, creates and opens the job's files
//                         (filename=, nrfiles=, size=); verify= checks what reads return.
//   kEngineDiskless     - no files: the core creates and opens none and hands the engine
//                         one FileHandle with fd -1 and size = the job's size= (or
//                         filesize=); filename= and nrfiles= get a warning that they are
//                         ignored (none with kEngineNoData or kEngineDiscardsData, as
//                         stock's cpuio and null ignore them silently). verify= works: the engine must return on a read what
//                         a write at that offset stored (an engine that keeps nothing
//                         adds kEngineDiscardsData).
//   kEngineNoData       - its I/Os move no bytes (cpuio, exec): they count with 0 bytes, a
//                         diskless one runs until runtime= or number_ios= without size=;
//                         verify= is refused.
//   kEngineNamesFiles   - its I/Os act on a file's name (filestat, filedelete): the core
//                         lays the files out but opens none, each FileHandle has fd -1;
//                         the I/O moves none of the file's contents, so verify= is refused.
//   kEngineCreatesFiles - as kEngineNamesFiles, and creating the files is the engine's
//                         work (filecreate): the core neither lays them out nor opens
//                         them; verify= is refused.
//   kEngineDiscardsData - (ABI 1.5) writes go nowhere and reads return the buffer as it
//                         was (null): nothing can be read back, so, as stock does with
//                         its fake-I/O null engine, verify= runs its reads and passes
//                         them unchecked (scripts and fio's own tests rely on it). A
//                         vendor sets this flag only for an engine meant to measure
//                         the host, never one whose data matters.
//                         verify=null (pretend to check) stays allowed with every flag.
enum PluginFlags : std::uint32_t {
    kPluginNoFlags = 0,
    kEngineDiskless = 1u << 0,
    kEngineNoData = 1u << 1,
    kEngineNamesFiles = 1u << 2,
    kEngineCreatesFiles = 1u << 3,
    kEngineDiscardsData = 1u << 4,
};

// Factories. Exactly the one that matches `kind` is non-null. They return a new
// object owned by the caller (deleted through its virtual destructor, while the
// library stays loaded), or nullptr after writing a reason into `error` (a
// NUL-terminated buffer of `error_size` bytes). No exception may leave a factory (nor
// any other call into a plugin): the FIO_DECLARE_*_PLUGIN macros wrap the factory they
// are given in guarded_factory, which turns one into a nullptr and a reason.
using EngineFactory = Engine* (*)(const EngineSetup& setup, char* error, std::size_t error_size);
using OutputFactory = OutputSink* (*)(const OutputSetup& setup, char* error, std::size_t error_size);
using TransportFactory = Transport* (*)(const TransportSetup& setup, char* error,
                                        std::size_t error_size);

struct PluginDescriptor {
    // --- fields of ABI 1.0; never reorder, only append ---
    std::uint32_t magic;            // kPluginMagic
    std::uint16_t abi_major;        // kAbiMajor of the SDK the plugin was built with
    std::uint16_t abi_minor;        // kAbiMinor of the SDK the plugin was built with
    std::uint32_t descriptor_size;  // sizeof(PluginDescriptor) as the plugin saw it
    PluginKind kind;
    const char* name;      // what job files name: ioengine=<name>, --output-format=<name>
    const char* version;   // the plugin's own version, free form ("1.2.0")
    const char* summary;   // one line for --list-plugins and --enghelp
    std::uint32_t flags;   // PluginFlags: static facts the host needs before creating anything
    const OptionSpec* options;  // the plugin's own options, may be null
    std::size_t option_count;
    EngineFactory create_engine;
    OutputFactory create_output;
    TransportFactory create_transport;
    // --- appended in ABI 1.5 ---
    // The C++ runtime the plugin was built with (this_cxx_runtime()): std::string and
    // std::vector cross the boundary, so the host refuses a plugin whose runtime differs.
    CxxRuntime cxx_runtime;
};

// Layouts a plugin and the host share, pinned where they do not depend on the standard
// library (tests/sdk/abi guards every ABI type, these included). The descriptor is read
// by hosts of every minor: it only ever grows at the end.
static_assert(sizeof(OptionSpec) == 80 && offsetof(OptionSpec, min) == 32 &&
                  offsetof(OptionSpec, unit) == 72,
              "OptionSpec's layout is part of the plugin ABI");
static_assert(sizeof(FileHandle) == 40 && offsetof(FileHandle, size) == 16 &&
                  offsetof(FileHandle, engine_data) == 32,
              "FileHandle's layout is part of the plugin ABI");
static_assert(sizeof(EngineSetup) == 64 && offsetof(EngineSetup, options) == 32 &&
                  offsetof(EngineSetup, requests) == 48 && offsetof(EngineSetup, runtime_ns) == 56,
              "EngineSetup's layout is part of the plugin ABI");
static_assert(offsetof(PluginDescriptor, descriptor_size) == 8 &&
                  offsetof(PluginDescriptor, kind) == 12 && offsetof(PluginDescriptor, name) == 16 &&
                  offsetof(PluginDescriptor, create_transport) == 80 &&
                  offsetof(PluginDescriptor, cxx_runtime) == 88 && sizeof(PluginDescriptor) == 104,
              "PluginDescriptor's layout is part of the plugin ABI");

// Writes a factory's reason for returning nullptr into its error buffer (truncated,
// always NUL-terminated).
inline void write_error(char* error, std::size_t error_size, std::string_view reason) noexcept {
    if (error == nullptr || error_size == 0) return;
    const std::size_t n = reason.size() < error_size - 1 ? reason.size() : error_size - 1;
    for (std::size_t i = 0; i < n; ++i) error[i] = reason[i];
    error[n] = '\0';
}

// Calls the factory `make` with every exception stopped here, the ABI boundary: a
// bad_alloc becomes "out of memory", another exception its what(), in the error buffer.
// The declaration macros export this wrapper, so a plugin's own factory may throw.
template <auto make, typename Product, typename Setup>
Product* guarded_factory(const Setup& setup, char* error, std::size_t error_size) noexcept {
    try {
        return make(setup, error, error_size);
    } catch (const std::bad_alloc&) {
        write_error(error, error_size, "out of memory");
    } catch (const std::exception& e) {
        write_error(error, error_size, e.what());
    } catch (...) {
        write_error(error, error_size, "unknown failure");
    }
    return nullptr;
}

namespace detail {
template <typename EngineType>
Engine* create_engine_with_reason(const EngineSetup& setup, char* error, std::size_t error_size) {
    std::string reason;
    if (auto engine = EngineType::create(setup, reason)) return engine.release();
    write_error(error, error_size, reason);
    return nullptr;
}
}  // namespace detail

// A factory body for engines built by `create(setup, reason)` returning a unique_ptr:
// the engine, or nullptr with the reason (or "out of memory", or an exception's what())
// in the error buffer.
template <typename EngineType>
Engine* create_engine_or_report(const EngineSetup& setup, char* error, std::size_t error_size) noexcept {
    return guarded_factory<&detail::create_engine_with_reason<EngineType>, Engine, EngineSetup>(
        setup, error, error_size);
}

// A factory body for output sinks made by `make(setup)`, a function returning a
// unique_ptr that throws when it cannot: the sink, or nullptr with the exception's
// message in the error buffer (the factory is the ABI boundary, exceptions stop here).
template <auto make>
OutputSink* create_output_or_report(const OutputSetup& setup, char* error,
                                    std::size_t error_size) noexcept {
    try {
        return make(setup).release();
    } catch (const std::exception& e) {
        write_error(error, error_size, e.what());
    } catch (...) {
        write_error(error, error_size, "unknown failure");
    }
    return nullptr;
}

// The signature of the entry symbol.
using PluginEntry = const PluginDescriptor*();

inline constexpr const char* kPluginEntrySymbol = "fio_plugin_entry";

}  // namespace fio::sdk

// Internal: builds the descriptor and exports the entry under kPluginEntrySymbol.
#define FIO_SDK_DECLARE_PLUGIN_(kind_, name_, version_, summary_, flags_, options_, count_,    \
                                eng_, out_, tr_)                                              \
    namespace {                                                                               \
    const ::fio::sdk::PluginDescriptor fio_plugin_descriptor_ = {                             \
        ::fio::sdk::kPluginMagic,                                                             \
        ::fio::sdk::kAbiMajor,                                                                \
        ::fio::sdk::kAbiMinor,                                                                \
        sizeof(::fio::sdk::PluginDescriptor),                                                 \
        kind_,                                                                                \
        name_,                                                                                \
        version_,                                                                             \
        summary_,                                                                             \
        flags_,                                                                               \
        options_,                                                                             \
        count_,                                                                               \
        eng_,                                                                                 \
        out_,                                                                                 \
        tr_,                                                                                  \
        ::fio::sdk::this_cxx_runtime()};                                                      \
    const ::fio::sdk::PluginDescriptor* fio_plugin_entry_impl_() {                            \
        return &fio_plugin_descriptor_;                                                       \
    }                                                                                         \
    }                                                                                         \
    BOOST_DLL_ALIAS(fio_plugin_entry_impl_, fio_plugin_entry)

// `options` is an array of OptionSpec, or FIO_NO_OPTIONS; `flags` are PluginFlags.
#define FIO_DECLARE_ENGINE_PLUGIN(name, version, summary, flags, options, factory)     \
    FIO_SDK_DECLARE_PLUGIN_(::fio::sdk::PluginKind::engine, name, version, summary, flags, \
                            FIO_SDK_OPTIONS_PTR_(options), FIO_SDK_OPTIONS_COUNT_(options), \
                            FIO_SDK_GUARD_(factory, Engine, EngineSetup), nullptr, nullptr)

#define FIO_DECLARE_OUTPUT_PLUGIN(name, version, summary, options, factory)            \
    FIO_SDK_DECLARE_PLUGIN_(::fio::sdk::PluginKind::output, name, version, summary,     \
                            ::fio::sdk::kPluginNoFlags,                                 \
                            FIO_SDK_OPTIONS_PTR_(options), FIO_SDK_OPTIONS_COUNT_(options), \
                            nullptr, FIO_SDK_GUARD_(factory, OutputSink, OutputSetup), nullptr)

#define FIO_DECLARE_TRANSPORT_PLUGIN(name, version, summary, options, factory)         \
    FIO_SDK_DECLARE_PLUGIN_(::fio::sdk::PluginKind::transport, name, version, summary,  \
                            ::fio::sdk::kPluginNoFlags,                                 \
                            FIO_SDK_OPTIONS_PTR_(options), FIO_SDK_OPTIONS_COUNT_(options), \
                            nullptr, nullptr, FIO_SDK_GUARD_(factory, Transport, TransportSetup))

// The factory a declaration exports: the plugin's own, behind guarded_factory.
#define FIO_SDK_GUARD_(factory, product, setup) \
    (&::fio::sdk::guarded_factory<(factory), ::fio::sdk::product, ::fio::sdk::setup>)

// A plugin without options passes FIO_NO_OPTIONS.
#define FIO_NO_OPTIONS ::fio::sdk::kNoOptions
#define FIO_SDK_OPTIONS_PTR_(options) (::fio::sdk::option_table_data(options))
#define FIO_SDK_OPTIONS_COUNT_(options) (::fio::sdk::option_table_size(options))
