// zonemode=strided end to end: the byte and I/O counts stock fio 3.33 reported for the
// same jobs on files of the same sizes.
#include "logged_ios.hpp"
#include "run_command.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace fio::test {
namespace {

using nlohmann::json;

struct Counts {
    std::uint64_t bytes = 0;
    std::uint64_t ios = 0;
};

Counts read_counts(const std::string& args) {
    const auto r = run_fio("--name=z --ioengine=psync --output-format=json " + args, 30);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    if (!json::accept(r.out)) {
        ADD_FAILURE() << "not JSON:\n" << r.out << r.err;
        return {};
    }
    const json read = json::parse(r.out)["jobs"][0]["read"];
    return {read["io_bytes"].get<std::uint64_t>(), read["total_ios"].get<std::uint64_t>()};
}

std::string sparse_file(const ScratchDir& dir, const char* name, std::uint64_t bytes) {
    const std::string path = dir / name;
    { std::ofstream create(path); }
    std::filesystem::resize_file(path, bytes);
    return path;
}

TEST(StridedZonesCli, SizeBytesAreReadWhateverTheSkips) {
    ScratchDir dir;
    const std::string file = sparse_file(dir, "disk", 64 << 20);
    const Counts c = read_counts("--rw=read --bs=4k --size=64M --zonemode=strided --zonesize=8k "
                                 "--zoneskip=1M --filename=" + file);
    EXPECT_EQ(c.bytes, 67108864u);
    EXPECT_EQ(c.ios, 16384u);
}

TEST(StridedZonesCli, ReachingTheEndOfTheFileEndsTheLoop) {
    ScratchDir dir;
    const std::string file = sparse_file(dir, "small", 90 << 10);
    const std::string zones = " --rw=read --bs=4k --size=90k --zonemode=strided --zonesize=16k "
                              "--zoneskip=24k --filename=" + file;
    const Counts once = read_counts(zones);
    EXPECT_EQ(once.bytes, 40960u);
    EXPECT_EQ(once.ios, 10u);
    const Counts twice = read_counts(zones + " --loops=2");
    EXPECT_EQ(twice.bytes, 81920u);
    EXPECT_EQ(twice.ios, 20u);
    // io_size asks for more: the walk starts over until it is done.
    const Counts more = read_counts(zones + " --io_size=180k");
    EXPECT_EQ(more.bytes, 184320u);
    EXPECT_EQ(more.ios, 45u);
}

TEST(StridedZonesCli, RandomReadsDoSizeBytes) {
    ScratchDir dir;
    const std::string file = sparse_file(dir, "disk", 4 << 20);
    const Counts c = read_counts("--rw=randread --bs=4k --size=1M --zonemode=strided "
                                 "--zonesize=64k --zonerange=16k --filename=" + file);
    EXPECT_EQ(c.bytes, 1048576u);
    EXPECT_EQ(c.ios, 256u);
}

TEST(StridedZonesCli, LfsrVisitsEveryBlockOfAZoneOncePerZonerange) {
    // As fio's t/strided.py checks it: zonerange=64k zonesize=128k over 512k, read
    // through the iops log's offsets; each 16 I/Os cover the zone's 16 blocks.
    ScratchDir dir;
    const std::string log = dir / "lfsr";
    const auto r = run_fio("--name=z --ioengine=null --rw=randread --bs=4k --size=512k "
                           "--io_size=1m --zonemode=strided --zonerange=64k --zonesize=128k "
                           "--random_generator=lfsr --log_offset=1 --write_iops_log=" + log +
                           " --output-format=json", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const std::vector<LoggedIo> ios = logged_ios(log + "_iops.1.log");
    ASSERT_EQ(ios.size(), 256u);
    for (std::size_t walk = 0; walk < ios.size() / 16; ++walk) {
        // Two walks per zone, over the eight zones of the file.
        const std::uint64_t zone_start = (walk / 2 % 8) * 64 * 1024;
        std::set<std::uint64_t> blocks;
        for (std::size_t i = walk * 16; i < walk * 16 + 16; ++i) {
            ASSERT_GE(ios[i].offset, zone_start) << i;
            ASSERT_LT(ios[i].offset, zone_start + 64 * 1024) << i;
            blocks.insert(ios[i].offset);
        }
        EXPECT_EQ(blocks.size(), 16u) << "walk " << walk;
    }
}

TEST(StridedZonesCli, MistakesAreRefusedAsStockFioRefusesThem) {
    const auto none = run_fio("--name=z --ioengine=null --size=1m --zonesize=8k", 10);
    EXPECT_EQ(none.exit_code, 1);
    EXPECT_NE(none.err.find("zonemode=none and zonesize are not compatible"), std::string::npos)
        << none.err;
    const auto no_size = run_fio("--name=z --ioengine=null --size=1m --zonemode=strided", 10);
    EXPECT_EQ(no_size.exit_code, 1);
    EXPECT_NE(no_size.err.find("zonesize must be specified"), std::string::npos) << no_size.err;
}

}  // namespace
}  // namespace fio::test
