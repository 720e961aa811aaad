#include "stats/block_devices.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <system_error>

namespace fio::core {

namespace fs = std::filesystem;

namespace {

std::string first_line(const fs::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
}

std::optional<DeviceNumber> read_dev_file(const fs::path& file) {
    const std::string line = first_line(file);
    DeviceNumber device;
    const char* end = line.data() + line.size();
    auto [colon, error] = std::from_chars(line.data(), end, device.major);
    if (error != std::errc{} || colon == end || *colon != ':') return std::nullopt;
    if (std::from_chars(colon + 1, end, device.minor).ec != std::errc{}) return std::nullopt;
    return device;
}

bool is_directory(const fs::path& path, bool follow_links) {
    std::error_code error;
    const fs::file_status status = follow_links ? fs::status(path, error) : fs::symlink_status(path, error);
    return !error && fs::is_directory(status);
}

std::vector<fs::path> sorted_entries(const fs::path& dir) {
    std::vector<fs::path> entries;
    std::error_code error;
    for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
        entries.push_back(it->path());
    }
    std::sort(entries.begin(), entries.end());
    return entries;
}

// A partition's directory sits inside its disk's, which has a queue/ directory: stock
// reports the whole disk. Loop, dm, md and whole disks are left as they are.
fs::path whole_disk(const fs::path& dir) {
    std::error_code error;
    fs::path real = fs::canonical(dir, error);
    if (error) real = dir;
    if (is_directory(real.parent_path() / "queue", true)) return real.parent_path();
    return real;
}

}  // namespace

std::optional<BlockCounters> parse_block_stat(std::string_view line) {
    std::array<std::uint64_t, 11> fields{};
    const char* at = line.data();
    const char* end = line.data() + line.size();
    for (auto& value : fields) {
        while (at != end && (*at == ' ' || *at == '\t')) ++at;
        const auto [next, error] = std::from_chars(at, end, value);
        if (error != std::errc{}) return std::nullopt;
        at = next;
    }
    BlockCounters counters;
    counters.ios = {fields[0], fields[4]};
    counters.merges = {fields[1], fields[5]};
    counters.sectors = {fields[2], fields[6]};
    counters.ticks_ms = {fields[3], fields[7]};
    // fields[8] is the number of I/Os in flight: a level, not a counter.
    counters.io_ticks_ms = fields[9];
    counters.time_in_queue_ms = fields[10];
    return counters;
}

std::optional<DeviceNumber> device_of_file(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
        if (S_ISBLK(st.st_mode)) return DeviceNumber{major(st.st_rdev), minor(st.st_rdev)};
        if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) return std::nullopt;
        return DeviceNumber{major(st.st_dev), minor(st.st_dev)};
    }
    // Not there yet: it will be made in its directory.
    fs::path dir = fs::path(path).parent_path();
    if (dir.empty()) dir = ".";
    if (::stat(dir.c_str(), &st) != 0) return std::nullopt;
    return DeviceNumber{major(st.st_dev), minor(st.st_dev)};
}

BlockDeviceSet::BlockDeviceSet(fs::path sys_block) : sys_block_(std::move(sys_block)) {}

void BlockDeviceSet::add(DeviceNumber device) {
    if (std::find(looked_up_.begin(), looked_up_.end(), device) != looked_up_.end()) return;
    looked_up_.push_back(device);
    if (const auto dir = find_directory(device)) add_directory(*dir);
}

std::optional<fs::path> BlockDeviceSet::find_directory(DeviceNumber device) const {
    // /sys/block/DEV/dev for a disk, /sys/block/DEV/PART/dev for its partitions.
    for (const auto& disk : sorted_entries(sys_block_)) {
        if (!is_directory(disk, true)) continue;
        if (read_dev_file(disk / "dev") == device) return disk;
        for (const auto& part : sorted_entries(disk)) {
            if (is_directory(part, false) && read_dev_file(part / "dev") == device) return part;
        }
    }
    return std::nullopt;
}

std::optional<std::size_t> BlockDeviceSet::add_directory(const fs::path& dir) {
    const fs::path disk = whole_disk(dir);
    std::string name = disk.filename().string();
    const auto same = [&](const WatchedDevice& d) { return d.name == name; };
    if (std::any_of(devices_.begin(), devices_.end(), same)) return std::nullopt;
    const std::size_t index = devices_.size();
    devices_.push_back({std::move(name), disk, {}});
    // slaves/ holds a link to each device a dm or md device is built on.
    for (const auto& slave : sorted_entries(disk / "slaves")) {
        if (const auto added = add_directory(slave)) devices_[index].slaves.push_back(*added);
    }
    return index;
}

}  // namespace fio::core
