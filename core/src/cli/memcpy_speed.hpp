// fio --memcpytest[=TYPE,...]: how fast this machine copies memory in blocks of 8 bytes
// to 512 KiB, with libc's memcpy and memmove, a byte-by-byte loop ("simple"), and
// "hybrid" (memcpy below 64 bytes, the byte loop from 64), in stock fio's order and
// layout: the type's name, then "\t<size> bytes:\t<rate> MiB/sec" per size.
#pragma once

#include <cstdio>
#include <string>

namespace fio::core {

// `which` is "" for every type, or a comma-separated list. An unknown name prints
// stock's message (the known names on `out`) and returns 1.
int run_memcpy_speed_test(const std::string& which, std::FILE* out, std::FILE* err);

}  // namespace fio::core
