// A minimal engine plugin whose descriptor the build can spoil one field at a time
// (magic, ABI major, ABI minor) to test that the host refuses it. With
// TEST_PLUGIN_CRASH_AT=N it raises SIGSEGV on its Nth queue(): a plugin that crashes
// mid-run, for the client/server fault tests.
#include <fio/sdk/engine.hpp>
#include <fio/sdk/plugin.hpp>

#include <csignal>
#include <new>

namespace {

class TestEngine final : public fio::sdk::Engine {
public:
    fio::sdk::EngineTraits traits() const override {
        fio::sdk::EngineTraits t;
        t.completes_in_queue = true;
        return t;
    }
    fio::sdk::QueueStatus queue(fio::sdk::IoUnit& unit) override {
#ifdef TEST_PLUGIN_CRASH_AT
        if (++queued_ == TEST_PLUGIN_CRASH_AT) std::raise(SIGSEGV);
#endif
        unit.result = unit.length;
        return fio::sdk::QueueStatus::completed;
    }

private:
    [[maybe_unused]] unsigned long queued_ = 0;
};

fio::sdk::Engine* make_engine(const fio::sdk::EngineSetup&, char*, std::size_t) {
    return new (std::nothrow) TestEngine();
}

const fio::sdk::OptionSpec kOptions[] = {
    {"test_flag", nullptr, fio::sdk::OptionType::boolean, "0", 0, 1, nullptr,
     "A flag that does nothing", "I/O engine", nullptr},
};

}  // namespace

#ifdef TEST_PLUGIN_MAGIC
namespace {
const fio::sdk::PluginDescriptor descriptor = {
    TEST_PLUGIN_MAGIC, fio::sdk::kAbiMajor, fio::sdk::kAbiMinor,
    sizeof(fio::sdk::PluginDescriptor), fio::sdk::PluginKind::engine, TEST_PLUGIN_NAME,
    "0.0.1", "Test plugin with a wrong magic", fio::sdk::kEngineDiskless, kOptions, 1, make_engine, nullptr, nullptr,
    fio::sdk::this_cxx_runtime()};
const fio::sdk::PluginDescriptor* entry() { return &descriptor; }
}  // namespace
BOOST_DLL_ALIAS(entry, fio_plugin_entry)
#else
FIO_DECLARE_ENGINE_PLUGIN(TEST_PLUGIN_NAME, "0.0.1", "Test plugin",
                          ::fio::sdk::kEngineDiskless, kOptions, make_engine);
#endif
