// A transport that reaches nothing: listen and connect fail with a reason. Built with
// FIO_SDK_ABI_MINOR=2, before Connection::native_handle() was appended (1.3), for the
// test that the host refuses such a transport instead of calling a slot it lacks.
#include <fio/sdk/plugin.hpp>
#include <fio/sdk/transport.hpp>

#include <new>

namespace {

class StubTransport final : public fio::sdk::Transport {
public:
    std::unique_ptr<fio::sdk::Listener> listen(const std::string&, std::string& error) override {
        error = "the stub transport listens nowhere";
        return nullptr;
    }
    std::unique_ptr<fio::sdk::Connection> connect(const std::string&, std::int64_t,
                                                  std::string& error) override {
        error = "the stub transport reaches nowhere";
        return nullptr;
    }
};

fio::sdk::Transport* make_transport(const fio::sdk::TransportSetup&, char*, std::size_t) noexcept {
    return new (std::nothrow) StubTransport();
}

}  // namespace

FIO_DECLARE_TRANSPORT_PLUGIN(TEST_PLUGIN_NAME, "0.0.1", "Test transport", FIO_NO_OPTIONS,
                             make_transport);
