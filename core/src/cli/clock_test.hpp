// fio --cpuclock-test: is the CPU's time-stamp counter a clock fio can trust here?
// As stock does: says whether the TSC is reliable, then has every CPU read it in turn
// many times under one lock and checks that no reading goes backwards across CPUs.
#pragma once

#include <cstdio>

namespace fio::core {

// Prints stock's "cs:" lines; returns 0 on "Pass!", 1 on "Failed: N" (N readings went
// backwards; a loaded machine that migrates the readers can cause a few) or no TSC.
int run_cpu_clock_test(std::FILE* out);

}  // namespace fio::core
