// The block devices under a run's files, found in sysfs the way stock fio finds them for
// its disk statistics: the device a file lives on (the whole disk behind a partition),
// then, for a dm or md device, the devices under it ("slaves"), each also a whole disk.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fio::core {

// The counters of one /sys/block/DEV/stat line that stock reports ([0] read, [1] write).
struct BlockCounters {
    std::array<std::uint64_t, 2> ios{};
    std::array<std::uint64_t, 2> merges{};
    std::array<std::uint64_t, 2> sectors{};
    std::array<std::uint64_t, 2> ticks_ms{};
    std::uint64_t io_ticks_ms = 0;        // time the device was busy
    std::uint64_t time_in_queue_ms = 0;   // weighted time I/Os spent queued
};

// Parses the first eleven fields of a stat line (later kernels append discard and
// flush fields, which stock ignores); nullopt when fewer than eleven numbers lead it.
std::optional<BlockCounters> parse_block_stat(std::string_view line);

// A device number, as in a "dev" file ("254:1").
struct DeviceNumber {
    unsigned major = 0;
    unsigned minor = 0;
    bool operator==(const DeviceNumber&) const = default;
};

// The device a job file's counters come from: a block device file's own number, or the
// number of the device holding the file (or, before it exists, its directory). nullopt
// for character devices and FIFOs, which stock leaves out.
std::optional<DeviceNumber> device_of_file(const std::string& path);

// A device whose counters a run reports; slaves index the same list.
struct WatchedDevice {
    std::string name;               // "vda", "dm-0"
    std::filesystem::path dir;      // the sysfs directory holding "stat"
    std::vector<std::size_t> slaves;
};

// The devices found so far, in stock's order: each device as first met, its slaves
// right after it.
class BlockDeviceSet {
public:
    // `sys_block` is /sys/block, or a fake tree in tests.
    explicit BlockDeviceSet(std::filesystem::path sys_block = "/sys/block");

    // Adds the device with this number (and its slaves), unless one of that name is
    // there already; nothing when sysfs has no such block device (tmpfs, NFS ...).
    void add(DeviceNumber device);

    const std::vector<WatchedDevice>& devices() const { return devices_; }

private:
    std::optional<std::size_t> add_directory(const std::filesystem::path& dir);
    std::optional<std::filesystem::path> find_directory(DeviceNumber device) const;

    std::filesystem::path sys_block_;
    std::vector<WatchedDevice> devices_;
    std::vector<DeviceNumber> looked_up_;  // numbers already resolved (found or not)
};

}  // namespace fio::core
