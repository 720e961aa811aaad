// rw=trim, randtrim, trimwrite and randtrimwrite end to end, as stock fio 3.33 runs them:
// every engine but falloc trims with the BLKDISCARD ioctl (so on a regular file the job
// fails with ENOTTY, err=25, exactly as stock's does), and ioengine=falloc punches holes
// in files. The loop-device cases need root and are skipped without it; they detach
// the device they attach.
#include "loop_device.hpp"
#include "run_command.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fio::test {
namespace {

using nlohmann::json;

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = 1024 * kKiB;
constexpr char kFill = static_cast<char>(0xAB);

json run_json(const std::string& args, int expected_exit = 0) {
    const auto r = run_fio("--output-format=json " + args, 60);
    EXPECT_EQ(r.exit_code, expected_exit) << r.err;
    if (!json::accept(r.out)) {
        ADD_FAILURE() << "not JSON:\n" << r.out << r.err;
        return json::object();
    }
    return json::parse(r.out)["jobs"][0];
}

std::uint64_t io_bytes(const json& job, const char* dir) {
    return job[dir]["io_bytes"].get<std::uint64_t>();
}
std::uint64_t total_ios(const json& job, const char* dir) {
    return job[dir]["total_ios"].get<std::uint64_t>();
}

// A file of `bytes` bytes of kFill, on disk (every block allocated).
void write_filled(const std::string& path, std::uint64_t bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    const std::string block(64 * kKiB, kFill);
    for (std::uint64_t done = 0; done < bytes; done += block.size()) out << block;
}

std::uint64_t allocated_sectors(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return static_cast<std::uint64_t>(st.st_blocks);
}

// Bytes of `path` that are data, not holes (SEEK_DATA/SEEK_HOLE): exact where st_blocks
// also counts the file system's own blocks (ext4's extent tree grows as holes appear).
std::uint64_t data_bytes(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    EXPECT_GE(fd, 0) << path;
    std::uint64_t total = 0;
    off_t at = 0;
    while (true) {
        const off_t data = ::lseek(fd, at, SEEK_DATA);
        if (data < 0) break;  // ENXIO: no data after `at`
        const off_t hole = ::lseek(fd, data, SEEK_HOLE);
        total += static_cast<std::uint64_t>(hole - data);
        at = hole;
    }
    ::close(fd);
    return total;
}

// How many bytes of [offset, offset + length) of `path` are zero / are kFill.
struct ByteCensus {
    std::uint64_t zero = 0;
    std::uint64_t fill = 0;
};
ByteCensus census(const std::string& path, std::uint64_t offset, std::uint64_t length) {
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(offset));
    std::string data(length, '\x01');
    in.read(data.data(), static_cast<std::streamsize>(length));
    EXPECT_EQ(static_cast<std::uint64_t>(in.gcount()), length) << path;
    return {static_cast<std::uint64_t>(std::count(data.begin(), data.end(), '\0')),
            static_cast<std::uint64_t>(std::count(data.begin(), data.end(), kFill))};
}

TEST(TrimCli, FallocEnginePunchesEveryBlockOfASequentialTrim) {
    ScratchDir dir;
    const std::string file = dir / "data";
    write_filled(file, kMiB);
    ASSERT_EQ(allocated_sectors(file), 2048u);
    const json job = run_json("--name=t --ioengine=falloc --rw=trim --bs=64k --size=1m --filename=" + file);
    EXPECT_EQ(job["error"].get<int>(), 0);
    EXPECT_EQ(io_bytes(job, "trim"), kMiB);
    EXPECT_EQ(total_ios(job, "trim"), 16u);
    EXPECT_EQ(total_ios(job, "read"), 0u);
    EXPECT_EQ(total_ios(job, "write"), 0u);
    EXPECT_EQ(job["trim"]["clat_ns"]["N"].get<std::uint64_t>(), 16u);
    EXPECT_EQ(job["trim"]["lat_ns"]["N"].get<std::uint64_t>(), 16u);
    EXPECT_GT(job["trim"]["runtime"].get<std::uint64_t>(), 0u);
    EXPECT_EQ(std::filesystem::file_size(file), kMiB);  // KEEP_SIZE
    EXPECT_EQ(allocated_sectors(file), 0u);
    EXPECT_EQ(data_bytes(file), 0u);
    EXPECT_EQ(census(file, 0, kMiB).zero, kMiB);
}

TEST(TrimCli, FallocRandomTrimPunchesSizeBytesOnce) {
    ScratchDir dir;
    const std::string file = dir / "data";
    write_filled(file, 4 * kMiB);
    // size=1m over a 4 MiB file: 16 distinct random 64 KiB blocks of the first MiB.
    const json job =
        run_json("--name=t --ioengine=falloc --rw=randtrim --bs=64k --size=1m --filename=" + file);
    EXPECT_EQ(io_bytes(job, "trim"), kMiB);
    EXPECT_EQ(total_ios(job, "trim"), 16u);
    EXPECT_LT(allocated_sectors(file), 8192u);
    EXPECT_EQ(data_bytes(file), 3 * kMiB);
    EXPECT_EQ(census(file, 0, kMiB).zero, kMiB);
    EXPECT_EQ(census(file, kMiB, 3 * kMiB).fill, 3 * kMiB);
}

// Stock 3.33 issues BLKDISCARD whatever the file is: on a regular file the first trim
// fails with ENOTTY and ends the job, and the file keeps its data.
TEST(TrimCli, DiscardOnARegularFileFailsWithEnottyAsStock) {
    ScratchDir dir;
    const std::string file = dir / "data";
    write_filled(file, kMiB);
    for (const char* engine :
         {"psync", "sync", "pvsync", "pvsync2", "vsync", "mmap", "io_uring", "libaio", "posixaio"}) {
        SCOPED_TRACE(engine);
        const json job = run_json(std::string("--name=t --rw=trim --bs=64k --size=1m --ioengine=") +
                                      engine + " --filename=" + file,
                                  1);
        EXPECT_EQ(job["error"].get<int>(), 25);
        EXPECT_EQ(total_ios(job, "trim"), 1u);
        EXPECT_EQ(io_bytes(job, "trim"), 0u);
        EXPECT_EQ(allocated_sectors(file), 2048u);
    }
}

TEST(TrimCli, NullEngineCompletesTrimsAndTrimwriteCountsOnlyWritesTowardsSize) {
    const json trim = run_json("--name=t --ioengine=null --rw=randtrim --bs=4k --size=1m");
    EXPECT_EQ(io_bytes(trim, "trim"), kMiB);
    EXPECT_EQ(total_ios(trim, "trim"), 256u);
    // As stock: size=1m moves 1 MiB of writes, each after a trim of the same block.
    const json both = run_json("--name=t --ioengine=null --rw=trimwrite --bs=64k --size=1m");
    EXPECT_EQ(io_bytes(both, "trim"), kMiB);
    EXPECT_EQ(total_ios(both, "trim"), 16u);
    EXPECT_EQ(io_bytes(both, "write"), kMiB);
    EXPECT_EQ(total_ios(both, "write"), 16u);
    EXPECT_EQ(total_ios(both, "read"), 0u);
}

TEST(TrimCli, PacingOfTrimsAsStock) {
    // number_ios=N: N writes, each after its trim (stock: 10 and 10).
    const json counted =
        run_json("--name=t --ioengine=null --rw=randtrimwrite --bs=16k --size=1m --number_ios=10");
    EXPECT_EQ(total_ios(counted, "write"), 10u);
    EXPECT_EQ(total_ios(counted, "trim"), 10u);
    // A trim rate paces trims: 10 trims at 20/s take at least 450 ms.
    const json paced = run_json("--name=t --ioengine=null --rw=trim --bs=4k --size=40k --rate_iops=,,20");
    EXPECT_EQ(total_ios(paced, "trim"), 10u);
    EXPECT_GE(paced["job_runtime"].get<std::uint64_t>(), 450u);
    // trimwrite: the write rate paces the pairs; a trim rate alone does not (as stock).
    const json by_writes =
        run_json("--name=t --ioengine=null --rw=trimwrite --bs=4k --size=40k --rate_iops=,20,1000");
    EXPECT_EQ(total_ios(by_writes, "trim"), 10u);
    EXPECT_GE(by_writes["job_runtime"].get<std::uint64_t>(), 450u);
    const json unpaced =
        run_json("--name=t --ioengine=null --rw=trimwrite --bs=4k --size=40k --rate_iops=,,20");
    EXPECT_EQ(total_ios(unpaced, "write"), 10u);
    EXPECT_LT(unpaced["job_runtime"].get<std::uint64_t>(), 400u);
}

TEST(TrimCli, NormalOutputHasTrimLines) {
    const auto r = run_fio("--name=t --ioengine=null --rw=trim --bs=64k --size=1m", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("rw=trim, bs=(R) 64.0KiB-64.0KiB, (W) 64.0KiB-64.0KiB, (T) 64.0KiB-64.0KiB"),
              std::string::npos)
        << r.out;
    // As stock: no zone-reset count on the trim line (the write line has one).
    EXPECT_NE(r.out.find("  trim: IOPS=16.0k, BW="), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("msec)\n    clat ("), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("issued rwts: total=0,0,16,0 short=0,0,0,0 dropped=0,0,0,0"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("   TRIM: bw="), std::string::npos) << r.out;
}

TEST(TrimCli, ReadonlyRefusesTrims) {
    const auto r = run_fio("--readonly --name=t --ioengine=null --rw=trim --size=1m", 10);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("job 't' trims (rw=trim), but --readonly is set"), std::string::npos) << r.err;
}

// Stock's enospc-pressure.fio, shrunk: its libaio randtrim on a file fails at once with
// ENOTTY and exitall ends the other jobs, the verify_async one included (which once
// flipped between its write and check phases forever once ended that way).
TEST(TrimCli, EnospcPressureExampleEndsAsStockDoes) {
    ScratchDir dir;
    const std::string job_file = dir / "enospc.fio";
    std::ofstream(job_file) << "[global]\nioengine=libaio\ndirectory=" << dir.path().string()
                            << "\nfilesize=16M\nsize=16M\niodepth=32\ncontinue_on_error=write\n"
                               "ignore_error=,ENOSPC\nerror_dump=0\nfallocate=none\nexitall\n"
                               "[dio-raicer]\nbs=128k\ndirect=1\nrw=randwrite\nruntime=30\n"
                               "filename=raicer\ntime_based\n"
                               "[punch_hole-raicer]\nbs=4k\nrw=randtrim\nfilename=raicer\n"
                               "[aio-dio-verifier]\ncreate_on_open=1\nverify=crc32c-intel\n"
                               "verify_fatal=1\nverify_dump=1\nverify_backlog=1024\n"
                               "verify_async=4\ndirect=1\nbs=4k\nrw=randrw\n"
                               "filename=aio-dio-verifier\n";
    const auto r = run_fio("--output-format=json " + job_file, 20);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    ASSERT_TRUE(json::accept(r.out)) << r.out << r.err;
    const json jobs = json::parse(r.out)["jobs"];
    ASSERT_EQ(jobs.size(), 3u);
    EXPECT_EQ(jobs[1]["jobname"], "punch_hole-raicer");
    EXPECT_EQ(jobs[1]["error"].get<int>(), 25);
    EXPECT_EQ(total_ios(jobs[1], "trim"), 1u);
    EXPECT_EQ(jobs[2]["error"].get<int>(), 0);
    EXPECT_NE(r.err.find("trim error on file " + (dir / "raicer") + ": Inappropriate ioctl for device"),
              std::string::npos)
        << r.err;
}

// The (ddir, offset) of each line of a latency log written with log_offset=1.
std::vector<std::pair<int, std::uint64_t>> logged_ios(const std::string& path) {
    std::vector<std::pair<int, std::uint64_t>> ios;
    std::istringstream lines(read_file(path));
    std::string line;
    while (std::getline(lines, line)) {
        std::uint64_t time = 0, value = 0, bs = 0, offset = 0;
        int ddir = -1;
        char c = 0;
        std::istringstream fields(line);
        fields >> time >> c >> value >> c >> ddir >> c >> bs >> c >> offset;
        ios.emplace_back(ddir, offset);
    }
    return ios;
}

TEST(TrimCli, TrimwriteWritesEachBlockRightAfterTrimmingIt) {
    ScratchDir dir;
    const std::string file = dir / "data";
    write_filled(file, 512 * kKiB);
    for (const char* rw : {"trimwrite", "randtrimwrite"}) {
        SCOPED_TRACE(rw);
        const std::string prefix = dir / rw;
        const json job = run_json(std::string("--name=t --ioengine=falloc --bs=64k --size=512k --rw=") + rw +
                                  " --filename=" + file + " --write_lat_log=" + prefix + " --log_offset=1");
        EXPECT_EQ(total_ios(job, "trim"), 8u);
        EXPECT_EQ(total_ios(job, "write"), 8u);
        const auto ios = logged_ios(prefix + "_lat.1.log");
        ASSERT_EQ(ios.size(), 16u);
        std::set<std::uint64_t> offsets;
        for (std::size_t i = 0; i < ios.size(); i += 2) {
            EXPECT_EQ(ios[i].first, 2) << i;      // a trim
            EXPECT_EQ(ios[i + 1].first, 1) << i;  // then the write of the same block
            EXPECT_EQ(ios[i + 1].second, ios[i].second) << i;
            offsets.insert(ios[i].second);
            if (std::string(rw) == "trimwrite") {
                EXPECT_EQ(ios[i].second, i / 2 * 64 * kKiB);
            }
        }
        EXPECT_EQ(offsets.size(), 8u);  // every block once
        // falloc's write allocates (unwritten, so reading zeroes) what the trim punched.
        EXPECT_GE(allocated_sectors(file), 1024u);
        EXPECT_EQ(census(file, 0, 512 * kKiB).zero, 512 * kKiB);
    }
}

TEST(TrimCli, TheLastWriteCoversItsWholeTrimEvenPastTheBudget) {
    // As stock 3.33: io_size=100k of 48k blocks is three trims and three whole writes
    // (144k written), not a last write cut to the 4k left of the budget.
    ScratchDir dir;
    const std::string prefix = dir / "tw";
    const json job = run_json("--name=t --ioengine=null --rw=trimwrite --bs=48k --filesize=1m "
                              "--io_size=100k --write_lat_log=" + prefix + " --log_offset=1");
    EXPECT_EQ(job["write"]["io_bytes"].get<std::uint64_t>(), 3 * 48 * kKiB);
    EXPECT_EQ(job["trim"]["io_bytes"].get<std::uint64_t>(), 3 * 48 * kKiB);
    std::istringstream lines(read_file(prefix + "_lat.1.log"));
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
        std::uint64_t time = 0, value = 0, bs = 0;
        int ddir = -1;
        char c = 0;
        std::istringstream(line) >> time >> c >> value >> c >> ddir >> c >> bs;
        EXPECT_EQ(bs, 48 * kKiB) << line;
        ++count;
    }
    EXPECT_EQ(count, 6);
}

// A loop device over a file of `bytes` filled with kFill.
LoopDevice filled_loop_device(std::uint64_t bytes) {
    return LoopDevice([bytes](const std::string& image) { write_filled(image, bytes); });
}

// The loop driver turns a discard into a hole punched in its backing file: the trimmed
// range reads back as zeroes and the image loses exactly those blocks.
TEST(TrimCli, BlkdiscardOnALoopDevice) {
    for (const char* engine : {"psync", "io_uring", "libaio", "posixaio"}) {
        for (const char* rw : {"trim", "randtrim"}) {
            SCOPED_TRACE(std::string(engine) + " " + rw);
            LoopDevice loop = filled_loop_device(4 * kMiB);
            if (!loop.ready()) GTEST_SKIP() << "cannot attach a loop device here (needs root)";
            ASSERT_EQ(data_bytes(loop.image()), 4 * kMiB);
            const json job = run_json(std::string("--name=t --bs=64k --size=1m --offset=1m --iodepth=4 --ioengine=") +
                                      engine + " --rw=" + rw + " --filename=" + loop.device());
            EXPECT_EQ(job["error"].get<int>(), 0);
            EXPECT_EQ(io_bytes(job, "trim"), kMiB);
            EXPECT_EQ(total_ios(job, "trim"), 16u);
            EXPECT_EQ(total_ios(job, "write"), 0u);
            EXPECT_EQ(census(loop.device(), kMiB, kMiB).zero, kMiB);
            EXPECT_EQ(census(loop.device(), 0, kMiB).fill, kMiB);
            EXPECT_EQ(census(loop.device(), 2 * kMiB, 2 * kMiB).fill, 2 * kMiB);
            EXPECT_LT(allocated_sectors(loop.image()), 8192u);
            EXPECT_EQ(data_bytes(loop.image()), 3 * kMiB);
        }
    }
}

TEST(TrimCli, TrimwriteOnALoopDeviceLeavesWrittenBlocks) {
    for (const char* engine : {"psync", "io_uring", "libaio", "posixaio"}) {
        SCOPED_TRACE(engine);
        LoopDevice loop = filled_loop_device(2 * kMiB);
        if (!loop.ready()) GTEST_SKIP() << "cannot attach a loop device here (needs root)";
        const json job = run_json(std::string("--name=t --bs=64k --size=1m --rw=randtrimwrite --ioengine=") +
                                  engine + " --filename=" + loop.device());
        EXPECT_EQ(job["error"].get<int>(), 0);
        EXPECT_EQ(io_bytes(job, "trim"), kMiB);
        EXPECT_EQ(io_bytes(job, "write"), kMiB);
        EXPECT_EQ(total_ios(job, "trim"), 16u);
        EXPECT_EQ(total_ios(job, "write"), 16u);
        // Every trimmed block was written again: no hole is left in the image. The
        // writes were buffered (as fio's default), so flush them through the loop
        // driver to its image first; without this the image was seen 1 MiB short now
        // and then, before the loop worker had written it.
        ASSERT_EQ(run_shell("blockdev --flushbufs " + loop.device() + " && sync", 30).exit_code, 0);
        EXPECT_EQ(data_bytes(loop.image()), 2 * kMiB);
        EXPECT_EQ(census(loop.device(), kMiB, kMiB).fill, kMiB);
    }
}

}  // namespace
}  // namespace fio::test
