#include "stats/disk_usage.hpp"

#include <algorithm>
#include <fstream>
#include <string>

namespace fio::core {

namespace {

// Busy time over wall time, in percent, at most 100 (as stock, whose samples can
// straddle the edges of its window).
double busy_percent(std::uint64_t io_ticks_ms, std::uint64_t elapsed_ms) {
    if (elapsed_ms == 0) return 0;
    return std::min(100.0, 100.0 * static_cast<double>(io_ticks_ms) / static_cast<double>(elapsed_ms));
}

BlockCounters difference(const std::optional<BlockCounters>& before,
                         const std::optional<BlockCounters>& after) {
    BlockCounters delta;
    if (!before || !after) return delta;
    const auto minus = [](std::uint64_t later, std::uint64_t earlier) {
        return later >= earlier ? later - earlier : 0;  // a counter reset: no change seen
    };
    for (int dir = 0; dir < 2; ++dir) {
        delta.ios[dir] = minus(after->ios[dir], before->ios[dir]);
        delta.merges[dir] = minus(after->merges[dir], before->merges[dir]);
        delta.sectors[dir] = minus(after->sectors[dir], before->sectors[dir]);
        delta.ticks_ms[dir] = minus(after->ticks_ms[dir], before->ticks_ms[dir]);
    }
    delta.io_ticks_ms = minus(after->io_ticks_ms, before->io_ticks_ms);
    delta.time_in_queue_ms = minus(after->time_in_queue_ms, before->time_in_queue_ms);
    return delta;
}

void aggregate_slaves(sdk::DiskUtil& out, const std::vector<std::size_t>& slaves,
                      const std::vector<sdk::DiskUtil>& all) {
    sdk::DiskSlaveAggregate& agg = out.slaves;
    for (const std::size_t index : slaves) {
        const sdk::DiskUtil& slave = all[index];
        agg.read_ios += slave.read_ios;
        agg.write_ios += slave.write_ios;
        agg.read_merges += slave.read_merges;
        agg.write_merges += slave.write_merges;
        agg.read_ticks_ms += slave.read_ticks_ms;
        agg.write_ticks_ms += slave.write_ticks_ms;
        agg.in_queue_ms += slave.in_queue_ms;
        agg.max_util_percent = std::max(agg.max_util_percent, slave.util_percent);
        ++agg.count;
    }
    if (agg.count == 0) return;
    // Stock reports the slaves' average, in whole units.
    for (std::uint64_t* sum : {&agg.read_ios, &agg.write_ios, &agg.read_merges, &agg.write_merges,
                               &agg.read_ticks_ms, &agg.write_ticks_ms, &agg.in_queue_ms}) {
        *sum /= agg.count;
    }
}

}  // namespace

std::vector<sdk::DiskUtil> disk_utilisation(const std::vector<WatchedDevice>& devices,
                                            const std::vector<std::optional<BlockCounters>>& before,
                                            const std::vector<std::optional<BlockCounters>>& after,
                                            std::uint64_t elapsed_ms) {
    std::vector<sdk::DiskUtil> out(devices.size());
    for (std::size_t i = 0; i < devices.size(); ++i) {
        const BlockCounters delta = difference(before.at(i), after.at(i));
        sdk::DiskUtil& disk = out[i];
        disk.name = devices[i].name;
        disk.read_ios = delta.ios[0];
        disk.write_ios = delta.ios[1];
        disk.read_merges = delta.merges[0];
        disk.write_merges = delta.merges[1];
        disk.read_ticks_ms = delta.ticks_ms[0];
        disk.write_ticks_ms = delta.ticks_ms[1];
        disk.in_queue_ms = delta.time_in_queue_ms;
        disk.util_percent = busy_percent(delta.io_ticks_ms, elapsed_ms);
    }
    for (std::size_t i = 0; i < devices.size(); ++i) aggregate_slaves(out[i], devices[i].slaves, out);
    return out;
}

std::vector<std::optional<BlockCounters>> read_counters(const std::vector<WatchedDevice>& devices) {
    std::vector<std::optional<BlockCounters>> counters;
    counters.reserve(devices.size());
    for (const auto& device : devices) {
        std::ifstream in(device.dir / "stat");
        std::string line;
        counters.push_back(std::getline(in, line) ? parse_block_stat(line) : std::nullopt);
    }
    return counters;
}

DiskUsage::DiskUsage(BlockDeviceSet devices)
    : devices_(std::move(devices)),
      before_(read_counters(devices_.devices())),
      started_(std::chrono::steady_clock::now()) {}

std::vector<sdk::DiskUtil> DiskUsage::finish() const {
    const auto after = read_counters(devices_.devices());
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started_);
    return disk_utilisation(devices_.devices(), before_, after,
                            static_cast<std::uint64_t>(elapsed.count()));
}

}  // namespace fio::core
