// fio --crctest[=TYPE,...]: how fast each checksum runs on this machine, one line per
// checksum in stock fio's order and layout ("crc32c:\t\t 1186.28 MiB/sec").
#pragma once

#include <cstdio>
#include <string>

namespace fio::core {

// `which` is "" for every checksum, "list" or "help" for their names (exit code 1, as
// stock's), or a comma-separated list of names. Returns the exit code: 1 (with stock's
// one line on `err` and the names on `out`) for a name it does not know.
int run_checksum_speed_test(const std::string& which, std::FILE* out, std::FILE* err);

}  // namespace fio::core
