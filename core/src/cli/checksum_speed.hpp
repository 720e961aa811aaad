// fio --crctest[=TYPE,...]: how fast each checksum runs on this machine, one line per
// checksum in stock fio's order and layout ("crc32c:\t\t 1186.28 MiB/sec").
#pragma once

#include <cstdio>
#include <string>

namespace fio::core {

// `which` is "" for every checksum this build computes, or a comma-separated list of
// names. Returns the exit code: 1 (with one line on `err`) for a name it does not know.
int run_checksum_speed_test(const std::string& which, std::FILE* out, std::FILE* err);

}  // namespace fio::core
