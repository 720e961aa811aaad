// The plugin loader accepts a good plugin and refuses each kind of bad one with a
// message naming the file and the reason, and the host keeps working afterwards.
#include "plugins/plugin_loader.hpp"
#include "plugins/plugin_registry.hpp"

#include <fio/sdk/engine.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <memory>

namespace fio::core {
namespace {

namespace fs = std::filesystem;

const fs::path kTestPlugins = FIO_TEST_PLUGIN_DIR;

// The PluginError message of loading `path`, or "" when it loaded.
std::string refusal_of(const fs::path& path) {
    try {
        load_plugin(path);
    } catch (const PluginError& e) {
        return e.what();
    }
    return {};
}

void expect_contains(const std::string& text, const std::string& part) {
    EXPECT_NE(text.find(part), std::string::npos) << "'" << part << "' not in: " << text;
}

// The good test plugin still loads and moves an I/O: the host survived.
void expect_good_plugin_works() {
    auto plugin = load_plugin(kTestPlugins / "fio-engine-testgood.so");
    ASSERT_TRUE(plugin);
    sdk::EngineSetup setup;
    char reason[64] = {};
    std::unique_ptr<sdk::Engine> engine(plugin->descriptor().create_engine(setup, reason, sizeof reason));
    ASSERT_TRUE(engine);
    sdk::IoUnit unit;
    unit.length = 4096;
    EXPECT_EQ(engine->queue(unit), sdk::QueueStatus::completed);
    EXPECT_EQ(unit.result, 4096);
}

TEST(PluginLoader, LoadsAGoodPluginAndReadsItsDescriptor) {
    auto plugin = load_plugin(kTestPlugins / "fio-engine-testgood.so");
    const auto& d = plugin->descriptor();
    EXPECT_EQ(d.kind, sdk::PluginKind::engine);
    EXPECT_STREQ(d.name, "testgood");
    EXPECT_EQ(d.abi_major, sdk::kAbiMajor);
    EXPECT_EQ(d.abi_minor, sdk::kAbiMinor);
    EXPECT_EQ(d.descriptor_size, sizeof(sdk::PluginDescriptor));
    ASSERT_EQ(d.option_count, 1u);
    EXPECT_STREQ(d.options[0].name, "test_flag");
    expect_good_plugin_works();
}

TEST(PluginLoader, RefusesAWrongMagic) {
    const std::string why = refusal_of(kTestPlugins / "fio-engine-badmagic.so");
    expect_contains(why, "fio-engine-badmagic.so");
    expect_contains(why, "bad magic 0xdeadbeef");
    expect_good_plugin_works();
}

TEST(PluginLoader, RefusesANewerAbiMajor) {
    const std::string why = refusal_of(kTestPlugins / "fio-engine-abimajor.so");
    expect_contains(why, "fio-engine-abimajor.so");
    expect_contains(why, "ABI 2.0");  // the test plugin is built as 2.0
    expect_contains(why, fmt::format("ABI 1.{}", sdk::kAbiMinor));
    expect_contains(why, "rebuild the plugin");
    expect_good_plugin_works();
}

TEST(PluginLoader, RefusesANewerAbiMinor) {
    const std::string why = refusal_of(kTestPlugins / "fio-engine-abiminor.so");
    expect_contains(why, "fio-engine-abiminor.so");
    expect_contains(why, fmt::format("ABI 1.{}, newer than this fio's ABI 1.{}",
                                     sdk::kAbiMinor + 1, sdk::kAbiMinor));
    expect_good_plugin_works();
}

TEST(PluginLoader, RefusesASharedLibraryWithoutEntrySymbol) {
    const std::string why = refusal_of(kTestPlugins / "fio-engine-noentry.so");
    expect_contains(why, "fio-engine-noentry.so");
    expect_contains(why, "does not export 'fio_plugin_entry'");
    expect_good_plugin_works();
}

TEST(PluginLoader, RefusesAMissingFile) {
    const std::string why = refusal_of(kTestPlugins / "fio-engine-nothere.so");
    expect_contains(why, "fio-engine-nothere.so");
    expect_contains(why, "no such file");
    expect_good_plugin_works();
}

TEST(PluginLoader, RefusesAFileThatIsNotELF) {
    const fs::path text = fs::temp_directory_path() / "fio-engine-text-loader-test.so";
    {
        std::ofstream out(text);
        for (int i = 0; i < 64; ++i) out << "this is a text file, not a shared library\n";
    }
    const std::string why = refusal_of(text);
    fs::remove(text);
    expect_contains(why, text.string());
    expect_contains(why, "cannot load");
    expect_contains(why, "invalid ELF header");
    expect_good_plugin_works();
}

TEST(PluginLoader, ChecksTheDescriptorSizeAndFactory) {
    sdk::PluginDescriptor d{};
    d.magic = sdk::kPluginMagic;
    d.abi_major = sdk::kAbiMajor;
    d.abi_minor = sdk::kAbiMinor;
    d.descriptor_size = 16;
    d.kind = sdk::PluginKind::engine;
    d.name = "tiny";
    d.cxx_runtime = sdk::this_cxx_runtime();
    expect_contains(check_descriptor(d), "descriptor is 16 bytes");
    d.descriptor_size = sizeof(sdk::PluginDescriptor);
    expect_contains(check_descriptor(d), "has no engine factory");
    d.create_engine = [](const sdk::EngineSetup&, char*, std::size_t) -> sdk::Engine* { return nullptr; };
    EXPECT_EQ(check_descriptor(d), "");
    d.abi_minor = static_cast<std::uint16_t>(sdk::kAbiMinor + 1);
    expect_contains(check_descriptor(d), "newer than this fio's");
}

// ABI 1.5: std::string and std::vector cross the boundary, so a plugin built with another
// C++ runtime is refused naming both runtimes; one built before 1.5 records none.
TEST(PluginLoader, RefusesAnotherCxxRuntimeFromAbi15) {
    sdk::PluginDescriptor d{};
    d.magic = sdk::kPluginMagic;
    d.abi_major = sdk::kAbiMajor;
    d.abi_minor = 5;
    d.descriptor_size = sizeof(sdk::PluginDescriptor);
    d.kind = sdk::PluginKind::engine;
    d.name = "runtime";
    d.create_engine = [](const sdk::EngineSetup&, char*, std::size_t) -> sdk::Engine* { return nullptr; };
    d.cxx_runtime = sdk::this_cxx_runtime();
    EXPECT_EQ(check_descriptor(d), "");
    d.cxx_runtime.cxx11_abi = 0;
    d.cxx_runtime.string_size = 8;
    const std::string why = check_descriptor(d);
    expect_contains(why, "_GLIBCXX_USE_CXX11_ABI=0, sizeof(std::string)=8");
    expect_contains(why, "but this fio uses libstdc++ (_GLIBCXX_USE_CXX11_ABI=1, "
                         "sizeof(std::string)=32, sizeof(std::vector)=24)");
    d.descriptor_size = offsetof(sdk::PluginDescriptor, cxx_runtime);
    expect_contains(check_descriptor(d), "ABI 1.5 needs at least 104");
    d.abi_minor = 4;  // a 1.4 descriptor ends before cxx_runtime and is taken as the host's
    EXPECT_EQ(check_descriptor(d), "");
}

TEST(PluginLoader, RefusesAPluginBuiltWithTheOldStringAbi) {
    const std::string why = refusal_of(kTestPlugins / "fio-engine-oldstring.so");
    expect_contains(why, "fio-engine-oldstring.so");
    expect_contains(why, "built with the C++ runtime libstdc++ (_GLIBCXX_USE_CXX11_ABI=0");
    expect_good_plugin_works();
}

TEST(PluginRegistry, FindsByNameInSearchOrderAndCaches) {
    PluginRegistry registry({kTestPlugins, FIO_PLUGIN_DIR});
    auto first = registry.find(sdk::PluginKind::engine, "testgood");
    auto again = registry.find(sdk::PluginKind::engine, "testgood");
    EXPECT_EQ(first.get(), again.get());
    auto psync = registry.find(sdk::PluginKind::engine, "psync");
    EXPECT_STREQ(psync->descriptor().name, "psync");
    EXPECT_EQ(psync->path(), fs::path(FIO_PLUGIN_DIR) / "fio-engine-psync.so");
}

TEST(PluginRegistry, AMissingNameListsWhereItLookedAndWhatExists) {
    PluginRegistry registry({FIO_PLUGIN_DIR});
    try {
        registry.find(sdk::PluginKind::engine, "nosuch");
        FAIL() << "expected a PluginError";
    } catch (const PluginError& e) {
        const std::string why = e.what();
        expect_contains(why, "no engine named 'nosuch'");
        expect_contains(why, "fio-engine-nosuch.so");
        expect_contains(why, FIO_PLUGIN_DIR);
        expect_contains(why, "psync");
    }
}

TEST(PluginRegistry, RefusesAPluginOfTheWrongKind) {
    PluginRegistry registry({FIO_PLUGIN_DIR});
    const std::string path = std::string(FIO_PLUGIN_DIR) + "/fio-engine-null.so";
    try {
        registry.find(sdk::PluginKind::output, path);
        FAIL() << "expected a PluginError";
    } catch (const PluginError& e) {
        expect_contains(e.what(), "is of kind 'engine', not 'output'");
    }
}

TEST(PluginRegistry, ListingOpensEveryFileAndRecordsRefusals) {
    PluginRegistry registry({kTestPlugins});
    const auto rows = registry.list_all();
    // abi10 (built against ABI 1.0) loads: older minors do; so do testgood, crashes, the
    // current stub transport and the test output and transport plugins (testsink,
    // testwire) and the five memory engines of the engine contract tests. Refused:
    // badmagic, abimajor, abiminor, noentry, oldstring (another C++ runtime) and stub12
    // (a transport older than ABI 1.3).
    ASSERT_EQ(rows.size(), 17u);
    int refused = 0;
    for (const auto& row : rows) {
        if (!row.plugin) {
            ++refused;
            EXPECT_FALSE(row.refusal.empty());
            expect_contains(row.refusal, row.path.string());
        }
    }
    EXPECT_EQ(refused, 6);
}

// test-plugins/refused holds fio-engine-testgood.so and fio-output-testsink.so built
// for ABI 2.0; the good ones of those names are in test-plugins, searched after it.
TEST(PluginRegistry, ARefusedPluginDoesNotHideALoadableOneFoundLater) {
    PluginRegistry registry({kTestPlugins / "refused", kTestPlugins});
    EXPECT_EQ(registry.find(sdk::PluginKind::engine, "testgood")->path(),
              kTestPlugins / "fio-engine-testgood.so");
    EXPECT_EQ(registry.find(sdk::PluginKind::output, "testsink")->path(),
              kTestPlugins / "fio-output-testsink.so");
    const auto rows = registry.list_all();
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows.front().path, kTestPlugins / "refused" / "fio-engine-testgood.so");
    expect_contains(rows.front().refusal, "ABI 2.0");
    for (const auto& row : rows) {
        EXPECT_FALSE(row.shadowed) << row.path;  // a refused file shadows nothing
    }
}

TEST(PluginRegistry, WhenEveryFileOfANameIsRefusedEachRefusalIsNamed) {
    PluginRegistry registry({kTestPlugins / "refused"});
    try {
        registry.find(sdk::PluginKind::engine, "testgood");
        FAIL() << "expected a PluginError";
    } catch (const PluginError& e) {
        expect_contains(e.what(), (kTestPlugins / "refused" / "fio-engine-testgood.so").string());
        expect_contains(e.what(), "ABI 2.0");
    }
}

TEST(PluginRegistry, AvailableNamesAreTheLoadableOnes) {
    PluginRegistry registry({kTestPlugins / "refused", kTestPlugins});
    const auto names = registry.available_names(sdk::PluginKind::engine);
    const auto has = [&](const char* name) { return std::find(names.begin(), names.end(), name) != names.end(); };
    EXPECT_TRUE(has("testgood"));
    EXPECT_TRUE(has("abi10"));
    for (const char* refused : {"badmagic", "abimajor", "noentry"}) EXPECT_FALSE(has(refused)) << refused;
    EXPECT_EQ(registry.available_names(sdk::PluginKind::output), std::vector<std::string>{"testsink"});
}

TEST(PluginRegistry, SearchPathPutsPluginDirsAndEnvironmentFirst) {
    ::setenv("FIO_PLUGIN_PATH", "/env/one:/env/two", 1);
    const auto dirs = PluginRegistry::default_search_dirs({"/cli/dir"});
    ::unsetenv("FIO_PLUGIN_PATH");
    ASSERT_GE(dirs.size(), 4u);
    EXPECT_EQ(dirs[0], "/cli/dir");
    EXPECT_EQ(dirs[1], "/env/one");
    EXPECT_EQ(dirs[2], "/env/two");
    EXPECT_EQ(dirs.back(), fs::path(FIO_PLUGIN_DIR));
}

}  // namespace
}  // namespace fio::core
