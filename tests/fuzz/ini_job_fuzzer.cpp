// The INI job-file reader against any text. Includes resolve against a directory that
// does not exist, so only absolute includes reach the file system (/dev/zero, a FIFO...:
// refused by the bounded reader). Errors must be one JobFileError line naming file:line.
#include "jobs/ini_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        (void)fio::core::parse_ini_job_text(text, "fuzz.fio", "/nonexistent-fio-fuzz");
    } catch (const fio::core::JobFileError& e) {
        if (!std::string_view(e.what()).starts_with("fuzz.fio:") &&
            !std::string_view(e.what()).starts_with("/")) {
            __builtin_trap();
        }
    }
    return 0;
}
