// fio --inflate-log=FILE: prints the text of a log stored compressed
// (log_store_compressed) to stdout, line for line as the uncompressed log would read.
// Stock fio's .fz files and ours hold the same samples, so either tool reads both.
#pragma once

#include <cstdio>
#include <string>

namespace fio::core {

// Writes the text of the log at `path` to `out`. Returns the exit code: 0, or 1 after
// one line on `errors` when the file cannot be read or is not a sound compressed log
// (the lines of its sound part are printed first, as stock prints them).
int print_inflated_log(const std::string& path, std::FILE* out, std::FILE* errors);

}  // namespace fio::core
