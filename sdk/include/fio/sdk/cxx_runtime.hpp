// The C++ runtime a plugin and the host must share (ABI 1.5).
//
// The result structs an output sink receives (JobResult, RunInfo, ...) and the
// transport's Message hold std::string and std::vector, and Engine::last_error()
// returns a std::string: their layout belongs to the standard library, not to this
// SDK. Rather than wrap every one of them in a C-shaped copy, the SDK makes the
// library part of the contract: each plugin records what it was built with in its
// descriptor, and the host refuses one whose facts differ from its own, naming both.
// docs/sdk-abi.md explains the choice.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fio::sdk {

enum class CxxLibrary : std::uint32_t {
    unknown = 0,
    libstdcxx = 1,  // GNU libstdc++
    libcxx = 2,     // LLVM libc++
};

inline const char* to_string(CxxLibrary library) noexcept {
    switch (library) {
        case CxxLibrary::unknown: return "an unknown C++ library";
        case CxxLibrary::libstdcxx: return "libstdc++";
        case CxxLibrary::libcxx: return "libc++";
    }
    return "an unknown C++ library";
}

struct CxxRuntime {
    CxxLibrary library = CxxLibrary::unknown;
    // libstdc++'s dual ABI: _GLIBCXX_USE_CXX11_ABI (1: the C++11 std::string and
    // std::list); 0 for other libraries.
    std::uint32_t cxx11_abi = 0;
    std::uint32_t string_size = 0;  // sizeof(std::string)
    std::uint32_t vector_size = 0;  // sizeof(std::vector<int>)

    friend constexpr bool operator==(const CxxRuntime&, const CxxRuntime&) = default;
};

// What the translation unit that calls this was compiled with: inline and constexpr,
// so a plugin's descriptor records the plugin's runtime and the host's check its own.
constexpr CxxRuntime this_cxx_runtime() noexcept {
    CxxRuntime runtime;
#if defined(_LIBCPP_VERSION)
    runtime.library = CxxLibrary::libcxx;
#elif defined(__GLIBCXX__)
    runtime.library = CxxLibrary::libstdcxx;
#if defined(_GLIBCXX_USE_CXX11_ABI) && _GLIBCXX_USE_CXX11_ABI
    runtime.cxx11_abi = 1;
#endif
#endif
    runtime.string_size = sizeof(std::string);
    runtime.vector_size = sizeof(std::vector<int>);
    return runtime;
}

static_assert(sizeof(CxxRuntime) == 16, "CxxRuntime's layout is part of the plugin ABI");

}  // namespace fio::sdk
