// Calling a plugin's factory, the host's second line of defence: no exception may cross
// the plugin boundary, and the SDK's declaration macros stop them in the plugin
// (sdk::guarded_factory), but a descriptor written by hand, or built with an older SDK,
// may still let one through. It ends here as a reason, never as a crash.
#pragma once

#include <fio/sdk/plugin.hpp>

#include <fmt/format.h>

#include <cstddef>
#include <exception>
#include <new>

namespace fio::core {

// Calls `factory(setup, reason, reason_size)`: what it returns, or nullptr with the
// reason in `reason` when it threw.
template <typename Factory, typename Setup>
auto call_plugin_factory(Factory factory, const Setup& setup, char* reason,
                         std::size_t reason_size) noexcept -> decltype(factory(setup, reason, reason_size)) {
    try {
        return factory(setup, reason, reason_size);
    } catch (const std::bad_alloc&) {
        sdk::write_error(reason, reason_size, "out of memory (its factory threw std::bad_alloc)");
    } catch (const std::exception& e) {
        const auto end = fmt::format_to_n(reason, reason_size - 1, "its factory threw: {}", e.what());
        *end.out = '\0';
    } catch (...) {
        sdk::write_error(reason, reason_size, "its factory threw an exception");
    }
    return nullptr;
}

}  // namespace fio::core
