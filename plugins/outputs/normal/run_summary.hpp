// The end of fio's text report: "Run status group N (all jobs):" with one line per
// active direction, and "Disk stats (read/write):".
#pragma once

#include <span>
#include <string>

#include <fio/sdk/result.hpp>

namespace fio::outputs::normal {

// "\nRun status group 0 (all jobs):\n   READ: bw=..., io=..., run=3-3msec\n"
std::string group_report(const sdk::GroupResult& group);

// "\nDisk stats (read/write):\n  vda: ios=15157/15143, ..., util=70.97%\n" for every
// disk; empty without disks.
std::string disk_report(std::span<const sdk::DiskUtil> disks);

}  // namespace fio::outputs::normal
