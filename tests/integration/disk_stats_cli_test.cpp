// Disk statistics side by side with stock fio 3.33: the "Disk stats (read/write):" block,
// JSON's "disk_util" (stock's keys and types) and the terse line's 9 fields a disk (130
// fields for one disk), for a file on the root file system and on a loop device; none for
// a file on tmpfs or with disk_util=0.
#include "loop_device.hpp"
#include "stock_compare.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace fio::test {
namespace {

constexpr const char* kRandRead = "--name=x --rw=randread --size=8m --filename=f --direct=1";

// The disk lines of a normal report, numbers masked: "  vda: ios=#/#, merge=#/#, ...".
std::vector<std::string> disk_block(const std::string& text) {
    std::vector<std::string> block;
    bool inside = false;
    for (const auto& line : masked_lines(text)) {
        if (line == "Disk stats (read/write):") inside = true;
        if (inside) block.push_back(line);
    }
    return block;
}

TEST(DiskStatsCli, NormalBlockMatchesStock) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const auto both = run_side_by_side(kRandRead);
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    ASSERT_EQ(both.stock.exit_code, 0) << both.stock.err;
    EXPECT_EQ(both.ours.err, both.stock.err);
    const auto stock = disk_block(both.stock.out);
    ASSERT_GE(stock.size(), 2u) << both.stock.out;
    EXPECT_EQ(disk_block(both.ours.out), stock) << both.ours.out;
    // Ours counts the job's I/Os: 2048 reads of 4 KiB.
    const std::regex reads("ios=([0-9]+)/");
    std::smatch m;
    const std::string ours_disks = both.ours.out.substr(both.ours.out.find("Disk stats"));
    ASSERT_TRUE(std::regex_search(ours_disks, m, reads)) << ours_disks;
    EXPECT_GE(std::stoull(m[1]), 2048u);
    EXPECT_TRUE(missing_lines(both.stock.out.substr(both.stock.out.find("\nRun status")),
                              both.ours.out.substr(both.ours.out.find("\nRun status")))
                    .empty());
}

TEST(DiskStatsCli, JsonDiskUtilHasStockKeysAndTypes) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const auto both = run_side_by_side(std::string(kRandRead) + " --output-format=json");
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    const auto ours = nlohmann::json::parse(both.ours.out);
    const auto stock = nlohmann::json::parse(both.stock.out);
    ASSERT_TRUE(stock.contains("disk_util"));
    EXPECT_EQ(json_path_differences(stock["disk_util"], ours.value("disk_util", nlohmann::json())),
              std::vector<std::string>{});
    EXPECT_EQ(ours["disk_util"].size(), stock["disk_util"].size());
    EXPECT_EQ(ours["disk_util"][0]["name"], stock["disk_util"][0]["name"]);
}

TEST(DiskStatsCli, TerseLineHas130FieldsWithTheDiskAtStocksPositions) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const auto both = run_side_by_side(std::string(kRandRead) + " --output-format=terse");
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    const auto line = [](const std::string& out) { return out.substr(0, out.find('\n')); };
    const auto ours = split_fields(line(both.ours.out));
    const auto stock = split_fields(line(both.stock.out));
    ASSERT_EQ(stock.size(), 130u) << both.stock.out;
    ASSERT_EQ(ours.size(), 130u) << both.ours.out;
    EXPECT_EQ(ours[121], stock[121]);  // the device name
    for (std::size_t i = 122; i < 129; ++i) {
        EXPECT_TRUE(std::regex_match(ours[i], std::regex("[0-9]+"))) << i << ": " << ours[i];
    }
    EXPECT_TRUE(std::regex_match(ours[129], std::regex("[0-9]+\\.[0-9]{2}%"))) << ours[129];
}

TEST(DiskStatsCli, NoDiskStatsOnTmpfsOrWithDiskUtilOff) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    ScratchDir shm_names;  // a unique name under /dev/shm
    const std::string file = "/dev/shm/" + shm_names.path().filename().string();
    const auto both = run_side_by_side("--name=x --rw=read --size=1m --filename=" + file);
    std::filesystem::remove(file);
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    EXPECT_EQ(both.stock.out.find("Disk stats"), std::string::npos);
    EXPECT_EQ(both.ours.out.find("Disk stats"), std::string::npos) << both.ours.out;

    const auto json = run_shell("cd /tmp && " + std::string(FIO_BINARY) + " --name=x --rw=read --size=1m "
                                "--filename=" + file + " --output-format=json", 60);
    std::filesystem::remove(file);
    EXPECT_FALSE(nlohmann::json::parse(json.out).contains("disk_util"));
}

TEST(DiskStatsCli, LoopDeviceIsReportedByItsName) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    LoopDevice loop([](const std::string& image) {
        run_shell("truncate -s 16M " + image, 10);
    });
    if (!loop.ready()) GTEST_SKIP() << "cannot attach a loop device here";
    const std::string args = "--name=x --rw=randread --size=4m --direct=1 --filename=" + loop.device();
    const auto both = run_side_by_side(args);
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    ASSERT_EQ(both.stock.exit_code, 0) << both.stock.err;
    const auto stock = disk_block(both.stock.out);
    ASSERT_EQ(stock.size(), 2u) << both.stock.out;
    EXPECT_EQ(disk_block(both.ours.out), stock) << both.ours.out;
    const std::string name = std::filesystem::path(loop.device()).filename().string();
    EXPECT_NE(both.ours.out.find("  " + name + ": ios=1024/0, merge=0/0"), std::string::npos)
        << both.ours.out;
}

}  // namespace
}  // namespace fio::test
