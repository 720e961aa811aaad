// Small helpers for engines built on POSIX system calls.
#pragma once

#include <cerrno>
#include <cstdint>

namespace fio::sdk {

// Runs `call` (returning ssize_t-like) again while it fails with EINTR. Returns the
// byte count, or -errno on failure: the convention of IoUnit::result.
template <typename Call>
inline std::int64_t retry_eintr(Call call) {
    for (;;) {
        const auto n = call();
        if (n >= 0) return static_cast<std::int64_t>(n);
        if (errno != EINTR) return -static_cast<std::int64_t>(errno);
    }
}

}  // namespace fio::sdk
