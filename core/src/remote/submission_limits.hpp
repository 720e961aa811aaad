// What one run request (JobSubmission) may carry. The frame codec already caps a message
// at 64 MiB and the CBOR reader caps strings and lists; these are the job-level bounds a
// server checks before it writes anything to disk or starts a run process. The run
// process then reads the job files with the same caps as a local run (job_limits.hpp,
// util/bounded_file.hpp). docs/security.md lists every limit.
#pragma once

#include <fio/sdk/wire_messages.hpp>

#include <cstddef>
#include <string>

namespace fio::core {

inline constexpr std::size_t kMaxSubmittedJobFiles = 256;
inline constexpr std::size_t kMaxSubmittedPathBytes = 4096;  // PATH_MAX
// Linux refuses one argument over 128 KiB (MAX_ARG_STRLEN) and a command line of a few
// MiB in all: refuse before posix_spawn does, with a message that says which.
inline constexpr std::size_t kMaxSubmittedArgumentBytes = 128 * 1024 - 1;
inline constexpr std::size_t kMaxSubmittedArgumentsBytes = 1024 * 1024;

// "" when `submission` is within every bound, else one line saying which it breaks:
// "job file 1 (big.fio) holds 17825792 bytes; the limit is 16 MiB".
std::string submission_over_limits(const sdk::wire::JobSubmission& submission);

}  // namespace fio::core
