// Disk utilisation as stock fio reports it: each watched device's counters sampled when
// the run starts and when it ends; the differences, and the share of the run's wall
// time the device was busy. A dm or md device also gets its slaves' aggregate.
#pragma once

#include "stats/block_devices.hpp"

#include <fio/sdk/result.hpp>

#include <chrono>
#include <optional>
#include <vector>

namespace fio::core {

// The report for `devices` from counters read at both ends (nullopt: the stat file
// could not be read, which counts as no change) over `elapsed_ms` of wall time.
std::vector<sdk::DiskUtil> disk_utilisation(const std::vector<WatchedDevice>& devices,
                                            const std::vector<std::optional<BlockCounters>>& before,
                                            const std::vector<std::optional<BlockCounters>>& after,
                                            std::uint64_t elapsed_ms);

// Reads DIR/stat of every device.
std::vector<std::optional<BlockCounters>> read_counters(const std::vector<WatchedDevice>& devices);

// Takes the first sample when made, the second in finish().
class DiskUsage {
public:
    explicit DiskUsage(BlockDeviceSet devices);

    bool empty() const { return devices_.devices().empty(); }
    std::vector<sdk::DiskUtil> finish() const;

private:
    BlockDeviceSet devices_;
    std::vector<std::optional<BlockCounters>> before_;
    std::chrono::steady_clock::time_point started_;
};

}  // namespace fio::core
