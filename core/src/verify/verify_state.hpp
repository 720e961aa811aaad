// Verify state files (verify_state_save, verify_state_load): how far a verifying write
// job got, so that a later check-only run checks no further than that.
//
// The file is stock fio 3.33's (version 3, the same name and layout, the same crc32c
// of the body), so a state saved by either tool loads in the other. Stock also stores
// its random generator's state there; we do not reproduce fio's random sequences, so
// that part is zero, and stock 3.33 never reads it back anyway.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace fio::core {

struct VerifyStateError : std::runtime_error {
    VerifyStateError(int error_number, const std::string& what)
        : std::runtime_error(what), error(error_number) {}
    int error;  // errno for the job's result
};

// What one job thread's state file says.
struct WriteState {
    struct Completion {
        std::uint64_t file = 0;    // index in the job's file list
        std::uint64_t offset = 0;
    };
    std::uint64_t writes_issued = 0;       // stock's numberio: writes the job issued
    std::uint32_t depth = 1;               // the job's iodepth
    std::uint32_t files = 1;
    std::vector<Completion> last_writes;   // each file's last (up to depth) completed writes
};

// "local-<job name>-<thread index>-verify.state", '/' in the name turned into '.', as
// stock names it; thread_index counts from 0 over the run's job threads.
std::string verify_state_file_name(std::string_view job_name, std::uint32_t thread_index);

// Throws VerifyStateError naming the file and what went wrong.
void save_verify_state(const std::string& path, std::string_view job_name,
                       std::uint32_t thread_index, const WriteState& state);
WriteState load_verify_state(const std::string& path);

// Stock's rule for a check-only run: with `reads_done` checked reads behind it, the read
// of (file, offset) goes past what the saved job wrote. Before the last `depth` writes
// every read passes; within them, only the offsets seen completing do.
bool beyond_saved_state(const WriteState& state, std::uint64_t reads_done, std::uint64_t file,
                        std::uint64_t offset) noexcept;

}  // namespace fio::core
