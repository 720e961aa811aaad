// The time source of every latency: CLOCK_MONOTONIC through the vDSO (no syscall;
// about 30 ns here). The core stamps I/Os with it, and an engine that sets its own
// issue time (EngineTraits::sets_issue_time) must use it too, so that the two agree.
#pragma once

#include <cstdint>
#include <ctime>

namespace fio::sdk {

inline std::uint64_t monotonic_ns() noexcept {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u +
           static_cast<std::uint64_t>(ts.tv_nsec);
}

}  // namespace fio::sdk
