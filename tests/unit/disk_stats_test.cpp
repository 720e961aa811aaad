// Disk statistics: /sys/block/DEV/stat parsing, which devices a file's counters come
// from (a partition's whole disk, a dm device and its slaves) in a fake sysfs tree, and
// the utilisation arithmetic, including stock's slave aggregate.
#include "stats/block_devices.hpp"
#include "stats/disk_usage.hpp"

#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace fio::core {
namespace {

namespace fs = std::filesystem;

TEST(BlockStat, ReadsTheElevenCountersStockUses) {
    // A 5.x+ kernel's line: 17 fields (discard and flush appended).
    const auto c = parse_block_stat(
        "   16182        7   129456      934        3        2       40        1        0     "
        "  581      935        0        0        0        0        5        2");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->ios[0], 16182u);
    EXPECT_EQ(c->merges[0], 7u);
    EXPECT_EQ(c->sectors[0], 129456u);
    EXPECT_EQ(c->ticks_ms[0], 934u);
    EXPECT_EQ(c->ios[1], 3u);
    EXPECT_EQ(c->merges[1], 2u);
    EXPECT_EQ(c->sectors[1], 40u);
    EXPECT_EQ(c->ticks_ms[1], 1u);
    EXPECT_EQ(c->io_ticks_ms, 581u);
    EXPECT_EQ(c->time_in_queue_ms, 935u);
}

TEST(BlockStat, RefusesShortOrGarbledLines) {
    EXPECT_FALSE(parse_block_stat(""));
    EXPECT_FALSE(parse_block_stat("1 2 3 4 5 6 7 8 9 10"));
    EXPECT_FALSE(parse_block_stat("1 2 3 x 5 6 7 8 9 10 11"));
}

// A sysfs tree laid out like the kernel's: real directories under devices/, links in
// block/ (and in a dm device's slaves/) pointing at them.
class FakeSysfs {
public:
    fs::path block() const { return dir_.path() / "block"; }

    fs::path disk(const std::string& name, const std::string& dev, const std::string& stat = "") {
        const fs::path real = dir_.path() / "devices" / name;
        fs::create_directories(real / "queue");
        write(real / "dev", dev);
        write(real / "stat", stat.empty() ? std::string("0 0 0 0 0 0 0 0 0 0 0") : stat);
        fs::create_directories(block());
        fs::create_directory_symlink(fs::relative(real, block()), block() / name);
        return real;
    }
    void partition(const fs::path& disk_dir, const std::string& name, const std::string& dev) {
        fs::create_directories(disk_dir / name);
        write(disk_dir / name / "dev", dev);
    }
    void slave(const fs::path& master_dir, const fs::path& target) {
        fs::create_directories(master_dir / "slaves");
        fs::create_directory_symlink(fs::relative(target, master_dir / "slaves"),
                                     master_dir / "slaves" / target.filename());
    }

private:
    static void write(const fs::path& file, const std::string& text) { std::ofstream(file) << text << "\n"; }
    test::ScratchDir dir_;
};

std::vector<std::string> names(const BlockDeviceSet& set) {
    std::vector<std::string> out;
    for (const auto& d : set.devices()) out.push_back(d.name);
    return out;
}

TEST(BlockDevices, APartitionCountsAsItsWholeDisk) {
    FakeSysfs sys;
    const fs::path vda = sys.disk("vda", "254:0");
    sys.partition(vda, "vda1", "254:1");
    sys.disk("vdb", "254:16");
    BlockDeviceSet set(sys.block());
    set.add({254, 1});
    set.add({254, 0});  // the same disk again: listed once
    EXPECT_EQ(names(set), std::vector<std::string>({"vda"}));
    EXPECT_EQ(set.devices()[0].dir, fs::canonical(vda));
    EXPECT_TRUE(set.devices()[0].slaves.empty());
}

TEST(BlockDevices, NoBlockDeviceNoEntry) {
    FakeSysfs sys;
    sys.disk("vda", "254:0");
    BlockDeviceSet set(sys.block());
    set.add({0, 42});  // tmpfs: an anonymous device sysfs does not list
    EXPECT_TRUE(set.devices().empty());
}

TEST(BlockDevices, ADmDeviceBringsItsSlavesAsWholeDisks) {
    FakeSysfs sys;
    const fs::path vda = sys.disk("vda", "254:0");
    sys.partition(vda, "vda2", "254:2");
    const fs::path vdb = sys.disk("vdb", "254:16");
    const fs::path dm = sys.disk("dm-0", "253:0");
    sys.slave(dm, vda / "vda2");
    sys.slave(dm, vdb);
    BlockDeviceSet set(sys.block());
    set.add({253, 0});
    set.add({254, 16});  // already there as a slave
    ASSERT_EQ(names(set), std::vector<std::string>({"dm-0", "vda", "vdb"}));
    EXPECT_EQ(set.devices()[0].slaves, std::vector<std::size_t>({1, 2}));
}

TEST(DiskUtilisation, DifferencesAndBusyShareOfTheWindow) {
    const std::vector<WatchedDevice> devices = {{"vda", {}, {}}};
    const auto before = parse_block_stat("100 1 800 50 20 2 160 10 0 400 70");
    const auto after = parse_block_stat("1100 3 8800 550 25 4 200 12 1 1150 640");
    const auto disks = disk_utilisation(devices, {before}, {after}, 1500);
    ASSERT_EQ(disks.size(), 1u);
    const sdk::DiskUtil& d = disks[0];
    EXPECT_EQ(d.name, "vda");
    EXPECT_EQ(d.read_ios, 1000u);
    EXPECT_EQ(d.write_ios, 5u);
    EXPECT_EQ(d.read_merges, 2u);
    EXPECT_EQ(d.write_merges, 2u);
    EXPECT_EQ(d.read_ticks_ms, 500u);
    EXPECT_EQ(d.write_ticks_ms, 2u);
    EXPECT_EQ(d.in_queue_ms, 570u);
    EXPECT_DOUBLE_EQ(d.util_percent, 50.0);  // 750 ms busy of 1500
    EXPECT_EQ(d.slaves.count, 0u);
}

TEST(DiskUtilisation, CapsAtAHundredAndToleratesUnreadableCounters) {
    const std::vector<WatchedDevice> devices = {{"vda", {}, {}}, {"vdb", {}, {}}};
    const auto before = parse_block_stat("0 0 0 0 0 0 0 0 0 0 0");
    const auto after = parse_block_stat("1 0 0 0 0 0 0 0 0 900 0");
    const auto disks = disk_utilisation(devices, {before, before}, {after, std::nullopt}, 600);
    EXPECT_DOUBLE_EQ(disks[0].util_percent, 100.0);
    EXPECT_EQ(disks[1].read_ios, 0u);
    EXPECT_DOUBLE_EQ(disks[1].util_percent, 0.0);
}

TEST(DiskUtilisation, ADmDeviceCarriesItsSlavesAverageAndTheBusiestSlave) {
    const std::vector<WatchedDevice> devices = {{"dm-0", {}, {1, 2}}, {"vda", {}, {}}, {"vdb", {}, {}}};
    const auto zero = parse_block_stat("0 0 0 0 0 0 0 0 0 0 0");
    const auto dm = parse_block_stat("10 0 0 5 10 0 0 5 0 100 10");
    const auto vda = parse_block_stat("7 1 0 3 4 2 0 9 0 300 11");
    const auto vdb = parse_block_stat("4 2 0 4 5 1 0 2 0 600 4");
    const auto disks = disk_utilisation(devices, {zero, zero, zero}, {dm, vda, vdb}, 1000);
    const sdk::DiskSlaveAggregate& agg = disks[0].slaves;
    EXPECT_EQ(agg.count, 2u);
    EXPECT_EQ(agg.read_ios, 5u);  // (7 + 4) / 2, in whole I/Os as stock
    EXPECT_EQ(agg.write_ios, 4u);
    EXPECT_EQ(agg.read_merges, 1u);
    EXPECT_EQ(agg.write_merges, 1u);
    EXPECT_EQ(agg.read_ticks_ms, 3u);
    EXPECT_EQ(agg.write_ticks_ms, 5u);
    EXPECT_EQ(agg.in_queue_ms, 7u);
    EXPECT_DOUBLE_EQ(agg.max_util_percent, 60.0);
    EXPECT_EQ(disks[1].slaves.count, 0u);
}

}  // namespace
}  // namespace fio::core
