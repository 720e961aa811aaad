// Which I/O errors a job carries on after (continue_on_error, ignore_error).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace fio::core {

// fio's error kinds, the bits of continue_on_error and the lists of ignore_error.
enum class ErrorKind : std::uint8_t { read = 0, write = 1, verify = 2 };

struct ErrorSpec {
    std::uint32_t continue_on = 0;  // bit per ErrorKind: carry on after its non-fatal errors
    // Per kind, the errno values that are non-fatal; empty: fio's EIO and EILSEQ.
    std::array<std::vector<int>, 3> non_fatal{};
    bool error_dump = false;

    bool continues_on(ErrorKind kind) const noexcept {
        return (continue_on >> static_cast<unsigned>(kind)) & 1u;
    }

    bool operator==(const ErrorSpec&) const = default;
};

}  // namespace fio::core
