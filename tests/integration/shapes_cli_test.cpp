// End-to-end: workload shapes (variable block sizes, random distributions, rw=...:N)
// through the built binary, on small files in a scratch directory.
#include "run_command.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <vector>


namespace fio::test {
namespace {

using nlohmann::json;

json run_json(const std::string& args) {
    const auto r = run_fio(args + " --output-format=json", 60);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(json::accept(r.out)) << r.out << r.err;
    return json::accept(r.out) ? json::parse(r.out) : json::object();
}

std::uint64_t get(const json& job, const char* direction, const char* field) {
    return job[direction][field].get<std::uint64_t>();
}

TEST(ShapesCli, SequentialBssplitMovesExactlyTheSizeWithTheSplitsMeanSize) {
    ScratchDir dir;
    const json doc = run_json("--name=s --ioengine=psync --rw=write --size=16m --filename=" +
                              (dir / "f") + " --bssplit=4k/10:64k/50:32k/40");
    const json& job = doc["jobs"][0];
    EXPECT_EQ(get(job, "write", "io_bytes"), 16u << 20);
    // Mean size 0.1*4k + 0.5*64k + 0.4*32k = 45465.6 bytes: about 369 writes.
    const double ios = static_cast<double>(get(job, "write", "total_ios"));
    EXPECT_NEAR(ios, 16777216.0 / 45465.6, 30);
}

TEST(ShapesCli, IometerFileServerMixRunsOnAFile) {
    // iometer-file-access-server.fio, made small: bssplit from 512 bytes, randrw 80/20.
    ScratchDir dir;
    const json doc = run_json(
        "--name=iometer --ioengine=psync --rw=randrw --rwmixread=80 --size=8m --filename=" +
        (dir / "f") + " --bssplit=512/10:1k/5:2k/5:4k/60:8k/2:16k/4:32k/4:64k/10");
    const json& job = doc["jobs"][0];
    const std::uint64_t bytes = get(job, "read", "io_bytes") + get(job, "write", "io_bytes");
    // The random map (at 512 bytes) fills before size bytes are moved, as in stock fio.
    EXPECT_LE(bytes, 8u << 20);
    EXPECT_GT(bytes, 7u << 20);
    EXPECT_GT(get(job, "read", "total_ios"), 3 * get(job, "write", "total_ios"));
}

TEST(ShapesCli, Jesd219BlockalignAndZonesWithoutAMap) {
    ScratchDir dir;
    const json doc = run_json(
        "--name=jesd --ioengine=psync --rw=randrw --norandommap --rwmixread=40 --size=4m "
        "--filename=" + (dir / "f") +
        " --bssplit=512/4:1024/1:1536/1:2048/1:2560/1:3072/1:3584/1:4k/67:8k/10:16k/7:32k/3:64k/3"
        " --blockalign=4k --random_distribution=zoned:50/5:30/15:20/80");
    const json& job = doc["jobs"][0];
    EXPECT_EQ(get(job, "read", "io_bytes") + get(job, "write", "io_bytes"), 4u << 20);
}

TEST(ShapesCli, TiobenchBsrangeOfOneSizeIsExact) {
    ScratchDir dir;
    const json doc = run_json("--name=t --ioengine=psync --rw=randwrite --size=4m --bsrange=4k-4k "
                              "--numjobs=2 --filename=" + (dir / "f"));
    for (const json& job : doc["jobs"]) {
        EXPECT_EQ(get(job, "write", "io_bytes"), 4u << 20);
        EXPECT_EQ(get(job, "write", "total_ios"), 1024u);
    }
}

TEST(ShapesCli, RandomBsrangeWithTheMapEndsWhenTheMapIsFull) {
    // Stock fio 3.33: size=64m randread bsrange=4k-10k moved 64667648 bytes (the map at
    // 4k fills while 10k I/Os cover three blocks with 10k). Random, so a range.
    const json doc = run_json("--name=r --ioengine=null --rw=randread --size=64m --bsrange=4k-10k");
    const std::uint64_t bytes = get(doc["jobs"][0], "read", "io_bytes");
    EXPECT_LT(bytes, 64u << 20);
    EXPECT_GT(bytes, 60u << 20);  // stock: 61.7 MiB
    // loops=2 is two such passes.
    const json twice =
        run_json("--name=r --ioengine=null --rw=randread --size=64m --bsrange=4k-10k --loops=2");
    EXPECT_GT(get(twice["jobs"][0], "read", "io_bytes"), 120u << 20);
}

TEST(ShapesCli, DistributionsAndLfsrMoveExactlyTheSize) {
    for (const char* shape : {"--random_distribution=zipf:0.5 --norandommap",
                              "--random_distribution=pareto:0.2",
                              "--random_distribution=normal:5",
                              "--random_distribution=zoned_abs:60/1m:40/15m",
                              "--random_generator=lfsr", "--random_generator=tausworthe64"}) {
        const json doc = run_json(std::string("--name=d --ioengine=null --rw=randread --size=16m ") + shape);
        EXPECT_EQ(get(doc["jobs"][0], "read", "io_bytes"), 16u << 20) << shape;
        EXPECT_EQ(get(doc["jobs"][0], "read", "total_ios"), 4096u) << shape;
    }
}

TEST(ShapesCli, BackwardsReadAndHoledWritesCountAsStockFio) {
    // backwards-read.fio on a 1 MiB file; stock fio 3.33 reads 256 x 4k, 1 MiB.
    ScratchDir dir;
    const json back = run_json("--name=b --ioengine=psync --bs=4k --rw=read:-8k --size=1m "
                               "--filename=" + (dir / "f"));
    EXPECT_EQ(get(back["jobs"][0], "read", "io_bytes"), 1u << 20);
    EXPECT_EQ(get(back["jobs"][0], "read", "total_ios"), 256u);
    // Stock: rw=write:4k size=64k writes 16 x 4k (wrapping once to fill the size).
    const json holes = run_json("--name=h --ioengine=psync --bs=4k --rw=write:4k --size=64k "
                                "--filename=" + (dir / "g"));
    EXPECT_EQ(get(holes["jobs"][0], "write", "io_bytes"), 65536u);
    EXPECT_EQ(get(holes["jobs"][0], "write", "total_ios"), 16u);
    const json groups = run_json("--name=r --ioengine=null --rw=randread:8 --size=1m");
    EXPECT_EQ(get(groups["jobs"][0], "read", "total_ios"), 256u);
}

TEST(ShapesCli, OffsetIncrementPlacesEachCloneAfterTheLast) {
    // As stock: two clones of 1 MiB, 1 MiB apart, lay out a 2 MiB file.
    ScratchDir dir;
    const std::string file = dir / "f";
    const json doc = run_json("--name=o --ioengine=psync --rw=write --size=1m --numjobs=2 "
                              "--offset_increment=1m --filename=" + file);
    EXPECT_EQ(doc["jobs"].size(), 2u);
    EXPECT_EQ(std::filesystem::file_size(file), 2u << 20);
}

TEST(ShapesCli, PercentageOffsetIsAShareOfTheFileAlignedUp) {
    ScratchDir dir;
    const std::string file = dir / "f";
    run_json("--name=w --ioengine=psync --rw=write --size=1m --filename=" + file);
    // Stock fio 3.33: offset=50% of a 1 MiB file reads 512k; offset=30% with
    // offset_align=64k starts at 320k and reads 720896 bytes.
    const json half = run_json("--name=h --ioengine=psync --rw=read --offset=50% --filename=" + file);
    EXPECT_EQ(get(half["jobs"][0], "read", "io_bytes"), 524288u);
    const json aligned = run_json("--name=a --ioengine=psync --rw=read --offset=30% "
                                  "--offset_align=64k --filename=" + file);
    EXPECT_EQ(get(aligned["jobs"][0], "read", "io_bytes"), 720896u);
    // A file that does not exist yet: a percentage of nothing, as stock (it reads the
    // 1 MiB it lays out, from 0).
    const json missing = run_json("--name=m --ioengine=psync --rw=read --size=1m --offset=50% "
                                  "--filename=" + (dir / "missing"));
    EXPECT_EQ(get(missing["jobs"][0], "read", "io_bytes"), 1048576u);
}

TEST(ShapesCli, PercentageOffsetOfAFileAnEarlierJobWritesIsResolvedWhenTheJobStarts) {
    // As stock: [r] waits for [w], which creates the 2 MiB file; 25% of it is 512 KiB,
    // so [r] reads the last 1.5 MiB.
    ScratchDir dir;
    const std::string file = dir / "f";
    const std::string job = dir / "j.fio";
    std::ofstream(job) << "[w]\nioengine=psync\nfilename=" << file << "\nrw=write\nsize=2m\n"
                       << "[r]\nioengine=psync\nwait_for=w\nfilename=" << file << "\nrw=read\noffset=25%\n";
    const json run = run_json(job);
    EXPECT_EQ(get(run["jobs"][1], "read", "io_bytes"), 1572864u);
}

TEST(ShapesCli, BadShapesAreOneLineErrors) {
    const auto zipf = run_fio("--name=z --ioengine=null --size=1m --rw=randread "
                              "--random_distribution=zipf:1");
    EXPECT_EQ(zipf.exit_code, 1);
    EXPECT_NE(zipf.err.find("option 'random_distribution'"), std::string::npos) << zipf.err;
    const auto zones = run_fio("--name=z --ioengine=null --size=1m --rw=randread "
                               "--random_distribution=zoned:50/5:30/15");
    EXPECT_NE(zones.err.find("add up to 80, not 100"), std::string::npos) << zones.err;
}

}  // namespace
}  // namespace fio::test

namespace fio::test {
namespace {

// A file of `bytes` zeros.
void make_file(const std::string& path, std::uintmax_t bytes) {
    std::ofstream(path, std::ios::binary).close();
    std::filesystem::resize_file(path, bytes);
}

// Offsets of the 4 KiB blocks of `path` that are not all zero.
std::vector<std::uint64_t> written_blocks(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<char> block(4096);
    std::vector<std::uint64_t> offsets;
    for (std::uint64_t offset = 0; in.read(block.data(), 4096); offset += 4096) {
        for (const char c : block) {
            if (c != 0) {
                offsets.push_back(offset);
                break;
            }
        }
    }
    return offsets;
}

TEST(ShapesCli, PercentageOffsetIncrementIsAShareOfTheFileAlignedUp) {
    ScratchDir dir;
    const std::string file = dir / "f";
    make_file(file, 1u << 20);
    // Stock fio 3.33 (strace): clones of offset_increment=10% on a 1 MiB file start at
    // 0, 106496 and 212992 (k * 104857.6 rounded up to 4k); with offset=5% at 53248,
    // 159744 and 262144.
    run_json("--name=i --ioengine=psync --rw=write --bs=4k --size=8k --numjobs=3 "
             "--offset_increment=10% --filename=" + file);
    EXPECT_EQ(written_blocks(file),
              (std::vector<std::uint64_t>{0, 4096, 106496, 110592, 212992, 217088}));
    const std::string other = dir / "g";
    make_file(other, 1u << 20);
    run_json("--name=j --ioengine=psync --rw=write --bs=4k --size=8k --numjobs=3 --offset=5% "
             "--offset_increment=10% --filename=" + other);
    EXPECT_EQ(written_blocks(other),
              (std::vector<std::uint64_t>{53248, 57344, 159744, 163840, 262144, 266240}));
}

TEST(ShapesCli, PercentageSizeIsAShareOfEachFile) {
    ScratchDir dir;
    const std::string small = dir / "small";
    const std::string large = dir / "large";
    make_file(small, 1u << 20);
    make_file(large, 2u << 20);
    struct Case {
        std::string options;
        std::uint64_t bytes;  // what stock fio 3.33 read with the same job
    };
    const Case cases[] = {
        {"--size=50% --filename=" + small, 524288},
        {"--size=33% --filename=" + small, 344064},  // 346030 down to whole 4k blocks
        {"--size=75% --offset=512k --filename=" + small, 524288},  // what lies past offset
        {"--size=100% --filename=" + small, 1048576},
        {"--size=0% --filename=" + small, 1048576},  // 0%: the whole file
        {"--size=50% --filename=" + small + ":" + large, 1048576},
    };
    for (const auto& c : cases) {
        const json doc = run_json("--name=s --ioengine=psync --rw=read --bs=4k " + c.options);
        EXPECT_EQ(get(doc["jobs"][0], "read", "io_bytes"), c.bytes) << c.options;
    }
    const auto diskless = run_fio("--name=n --ioengine=null --rw=read --size=50%", 30);
    EXPECT_EQ(diskless.exit_code, 1);
    EXPECT_NE(diskless.err.find("size=50% needs files"), std::string::npos) << diskless.err;
    const auto missing = run_fio("--name=m --rw=read --size=50% --filename=" + (dir / "none"), 30);
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("does not exist yet"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace fio::test
