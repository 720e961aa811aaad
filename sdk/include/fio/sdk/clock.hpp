// CLOCK_MONOTONIC through the vDSO (no syscall; about 25 ns here). An engine that sets
// its own issue time (EngineTraits::sets_issue_time) must stamp with it: the core then
// times that engine's jobs with this clock too, so that the two agree. (Other jobs may
// be timed with the TSC, which the core keeps within microseconds of this clock.)
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
