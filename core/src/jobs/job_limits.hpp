// How much job text one invocation (or one remote submission) may describe. Job files
// come from users and, through a server, from peers: without these caps a 16 MiB file of
// "[a]" lines would build millions of jobs. docs/security.md lists each limit and why.
#pragma once

#include <cstddef>

namespace fio::core {

// Job threads in all (numjobs counted), as stock fio's own maximum.
inline constexpr std::size_t kMaxJobThreads = 4096;

// Files of all job threads together (nrfiles or filename= times numjobs, summed): each
// is a path and state kept for the whole run. Stock fio has no such cap.
inline constexpr std::size_t kMaxJobFiles = std::size_t{1} << 20;

// Options applied in building every job: each job's own, plus every [global] option
// before it (applied again to each job): a few microseconds each, so at most seconds.
inline constexpr std::size_t kMaxJobSettings = std::size_t{1} << 20;

// Sections ([global] included) and option lines of one job file with its includes.
inline constexpr std::size_t kMaxJobFileSections = 2 * kMaxJobThreads;
inline constexpr std::size_t kMaxJobFileOptions = std::size_t{1} << 18;

// Includes nest at most this deep.
inline constexpr std::size_t kMaxIncludeDepth = 16;

}  // namespace fio::core
