// The TOML job-file reader against any text; what reads back must also convert to TOML
// and read again (the INI -> TOML converter's promise). Errors: one JobFileError line.
#include "jobs/toml_jobs.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto sections = fio::core::parse_toml_job_text(text, "fuzz.toml");
        (void)fio::core::write_toml_jobs(sections);
    } catch (const fio::core::JobFileError& e) {
        if (!std::string_view(e.what()).starts_with("fuzz.toml")) __builtin_trap();
    }
    return 0;
}
