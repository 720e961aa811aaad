// File layout options (fallocate, create_*, allow_*, pre_read, unlink, file_append,
// fill_device) and error tolerance (continue_on_error, ignore_error) end to end; the
// expected numbers are what stock fio 3.33 did with the same jobs.
#include "run_command.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <vector>

namespace fio::test {
namespace {

using nlohmann::json;

json run_json(const std::string& args, int expected_exit = 0) {
    const auto r = run_fio(args + " --output-format=json", 30);
    EXPECT_EQ(r.exit_code, expected_exit) << r.err;
    if (!json::accept(r.out)) {
        ADD_FAILURE() << "not JSON:\n" << r.out << "\nstderr:\n" << r.err;
        return json::object();
    }
    return json::parse(r.out)["jobs"][0];
}

struct Allocation {
    std::uint64_t size = 0;
    std::uint64_t blocks = 0;  // 512-byte blocks, as st_blocks counts
};

Allocation allocation_of(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return {static_cast<std::uint64_t>(st.st_size), static_cast<std::uint64_t>(st.st_blocks)};
}

// Pages of `path` that are in the page cache.
std::size_t cached_pages(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return 0;
    struct stat st {};
    ::fstat(fd, &st);
    const auto length = static_cast<std::size_t>(st.st_size);
    void* map = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) return 0;
    const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    std::vector<unsigned char> resident((length + page - 1) / page);
    ::mincore(map, length, resident.data());
    ::munmap(map, length);
    std::size_t count = 0;
    for (unsigned char r : resident) count += r & 1;
    return count;
}

void write_bytes(const std::string& path, std::size_t bytes) {
    std::ofstream out(path, std::ios::binary);
    std::vector<char> data(bytes, 'x');
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

TEST(FileLayoutCli, FallocateModesReserveAsStockFio) {
    ScratchDir dir;  // ext4 under /tmp: every mode is supported there
    struct Case {
        const char* mode;
        Allocation expected;
    };
    // A write-only job's 1 MiB file, laid out and left alone (create_only).
    const Case cases[] = {{"none", {0, 0}},           {"native", {1048576, 2048}},
                          {"posix", {1048576, 2048}}, {"keep", {0, 2048}},
                          {"truncate", {1048576, 0}}, {"0", {0, 0}},
                          {"1", {1048576, 2048}}};
    for (const auto& c : cases) {
        const std::string file = dir / (std::string("f-") + c.mode);
        const json job = run_json("--name=f --rw=write --size=1m --create_only=1 --fallocate=" +
                                  std::string(c.mode) + " --filename=" + file);
        EXPECT_EQ(job["write"]["total_ios"].get<std::uint64_t>(), 0u) << c.mode;
        const Allocation got = allocation_of(file);
        EXPECT_EQ(got.size, c.expected.size) << c.mode;
        EXPECT_EQ(got.blocks, c.expected.blocks) << c.mode;
    }
}

TEST(FileLayoutCli, ReadJobsGetDataWhateverTheFallocateMode) {
    ScratchDir dir;
    const std::string file = dir / "r";
    run_json("--name=f --rw=read --size=1m --create_only=1 --fallocate=none --filename=" + file);
    const Allocation got = allocation_of(file);
    EXPECT_EQ(got.size, 1048576u);
    EXPECT_EQ(got.blocks, 2048u);
}

TEST(FileLayoutCli, AllowFileCreateZeroRefusesAMissingFile) {
    ScratchDir dir;
    const std::string file = dir / "missing";
    const auto r = run_fio("--name=f --rw=read --size=1m --allow_file_create=0 --filename=" + file, 10);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("file creation disallowed by allow_file_create=0"), std::string::npos)
        << r.err;
    EXPECT_FALSE(std::filesystem::exists(file));
    write_bytes(file, 1 << 20);  // an existing file is fine
    EXPECT_EQ(run_json("--name=f --rw=read --size=1m --allow_file_create=0 --filename=" + file)
                  ["read"]["io_bytes"].get<std::uint64_t>(),
              1048576u);
}

TEST(FileLayoutCli, CreateOnOpenLeavesCreationToTheJob) {
    ScratchDir dir;
    const std::string file = dir / "late";
    const json job = run_json("--name=f --rw=write --bs=64k --size=1m --create_on_open=1 --filename=" + file);
    EXPECT_EQ(job["write"]["io_bytes"].get<std::uint64_t>(), 1048576u);
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);  // made by the job's open, as fio makes it
    EXPECT_EQ(st.st_size, 1048576);
}

TEST(FileLayoutCli, UnlinkRemovesTheFilesWhenTheJobEnds) {
    ScratchDir dir;
    const json job = run_json("--name=gone --rw=write --bs=64k --size=1m --unlink=1 --directory=" +
                              dir.path().string());
    EXPECT_EQ(job["write"]["io_bytes"].get<std::uint64_t>(), 1048576u);
    EXPECT_FALSE(std::filesystem::exists(dir / "gone.0.0"));
}

TEST(FileLayoutCli, FileAppendWritesPastTheCurrentEnd) {
    ScratchDir dir;
    const std::string file = dir / "log";
    write_bytes(file, 1 << 20);
    const json job = run_json("--name=a --rw=write --size=256k --file_append=1 --filename=" + file);
    EXPECT_EQ(job["write"]["io_bytes"].get<std::uint64_t>(), 262144u);
    EXPECT_EQ(std::filesystem::file_size(file), 1310720u);
    const auto r = run_fio("--name=a --rw=write --file_append=1 --filename=" + file, 10);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("size= is required with file_append"), std::string::npos) << r.err;
}

TEST(FileLayoutCli, PreReadCachesExactlyTheJobsRegion) {
    ScratchDir dir;  // ext4: its page cache can be dropped, unlike tmpfs
    const std::string file = dir / "cached";
    write_bytes(file, 4 << 20);
    ::sync();
    // invalidate=1 (the default) drops the job's region from the cache at open (a
    // create_only job opens nothing, as stock); the one direct read caches nothing.
    run_json("--name=p --rw=read --direct=1 --io_size=4k --filename=" + file);
    ASSERT_EQ(cached_pages(file), 0u);
    run_json("--name=p --rw=read --create_only=1 --pre_read=1 --offset=1m --size=1m --filename=" + file);
    EXPECT_EQ(cached_pages(file), (1u << 20) / static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)));
}

// A tmpfs of 8 MiB mounted for one test; skipped where mounting is not allowed.
class SmallTmpfs {
public:
    SmallTmpfs() {
        mounted_ = run_shell("mount -t tmpfs -o size=8m tmpfs " + dir_.path().string(), 10)
                       .exit_code == 0;
    }
    ~SmallTmpfs() {
        if (mounted_) run_shell("umount " + dir_.path().string(), 10);
    }
    bool mounted() const { return mounted_; }
    std::string path() const { return dir_.path().string(); }

private:
    ScratchDir dir_;
    bool mounted_ = false;
};

TEST(FillDeviceCli, WritesUntilEnospcAndSucceeds) {
    SmallTmpfs fs;
    if (!fs.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root)";
    const auto r = run_fio("--name=fill --rw=write --bs=64k --fill_device=1 --output-format=json "
                           "--directory=" + fs.path(), 30);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    ASSERT_TRUE(json::accept(r.out)) << r.out;
    const json job = json::parse(r.out)["jobs"][0];
    EXPECT_EQ(job["error"].get<int>(), 0);
    // As stock fio: 128 writes fill 8 MiB, the 129th meets ENOSPC and ends the job.
    EXPECT_EQ(job["write"]["io_bytes"].get<std::uint64_t>(), 8388608u);
    EXPECT_EQ(job["write"]["total_ios"].get<std::uint64_t>(), 129u);
    EXPECT_FALSE(job.contains("total_err"));
    EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
    EXPECT_EQ(std::filesystem::file_size(fs.path() + "/fill.0.0"), 8388608u);
}

TEST(FillDeviceCli, AReadBackJobIsSizedByTheFileTheFillLeft) {
    SmallTmpfs fs;
    if (!fs.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root)";
    // As surface-scan.fio: the read phase gives no size; its file exists only once the
    // write phase has filled the file system.
    const std::string file = fs.path() + "/datafile.tmp";
    const auto r = run_fio("--output-format=json --name=write-phase --rw=write --bs=64k "
                           "--fill_device=1 --filename=" + file +
                           " --name=verify-phase --stonewall --rw=read --bs=64k --filename=" + file,
                           30);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    ASSERT_TRUE(json::accept(r.out)) << r.out;
    const json jobs = json::parse(r.out)["jobs"];
    ASSERT_EQ(jobs.size(), 2u);
    EXPECT_EQ(jobs[0]["write"]["io_bytes"].get<std::uint64_t>(), 8388608u);
    EXPECT_EQ(jobs[0]["write"]["total_ios"].get<std::uint64_t>(), 129u);
    EXPECT_EQ(jobs[1]["error"].get<int>(), 0);
    EXPECT_EQ(jobs[1]["read"]["io_bytes"].get<std::uint64_t>(), 8388608u);
    EXPECT_EQ(jobs[1]["read"]["total_ios"].get<std::uint64_t>(), 128u);
}

TEST(ErrorToleranceCli, ContinueOnErrorDoesNotCoverEnospc) {
    // EIO and EILSEQ are the non-fatal errors; /dev/full's ENOSPC still ends the job.
    const json job = run_json("--name=e --filename=/dev/full --rw=write --bs=4k --size=64k "
                              "--continue_on_error=all", 1);
    EXPECT_EQ(job["error"].get<int>(), 28);
    EXPECT_EQ(job["total_err"].get<std::uint64_t>(), 1u);
    EXPECT_EQ(job["first_error"].get<int>(), 28);
    EXPECT_EQ(job["write"]["total_ios"].get<std::uint64_t>(), 1u);
}

TEST(ErrorToleranceCli, IgnoreErrorCarriesOnAndCountsEveryError) {
    const json job = run_json("--name=e --filename=/dev/full --rw=write --bs=4k --size=64k "
                              "--ignore_error=,ENOSPC");
    EXPECT_EQ(job["error"].get<int>(), 28);  // the first error, though the job did not fail
    EXPECT_EQ(job["total_err"].get<std::uint64_t>(), 16u);
    EXPECT_EQ(job["first_error"].get<int>(), 28);
    EXPECT_EQ(job["write"]["total_ios"].get<std::uint64_t>(), 16u);
    EXPECT_EQ(job["write"]["io_bytes"].get<std::uint64_t>(), 0u);
    EXPECT_EQ(job["write"]["clat_ns"]["N"].get<std::uint64_t>(), 0u);
}

TEST(ErrorToleranceCli, NormalOutputShowsTheErrorCounts) {
    const auto r = run_fio("--name=e --filename=/dev/full --rw=write --bs=4k --size=64k "
                           "--continue_on_error=write --ignore_error=,28",
                           10);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("     errors    : total=16, first_error=28/<No space left on device>\n"),
              std::string::npos)
        << r.out;
}

TEST(ErrorToleranceCli, WithoutToleranceTheFirstErrorEndsTheJob) {
    const json job = run_json("--name=e --filename=/dev/full --rw=write --bs=4k --size=64k", 1);
    EXPECT_EQ(job["error"].get<int>(), 28);
    EXPECT_FALSE(job.contains("total_err"));
    EXPECT_EQ(job["write"]["total_ios"].get<std::uint64_t>(), 1u);
}

// A loop device with a mounted ext4 on it; skipped where that cannot be set up.
class MountedLoopDevice {
public:
    MountedLoopDevice() {
        const std::string image = dir_ / "image";
        const auto attach = run_shell("truncate -s 8m " + image + " && losetup -f --show " + image, 10);
        if (attach.exit_code != 0 || attach.out.empty()) return;
        device_ = attach.out.substr(0, attach.out.find('\n'));
        std::filesystem::create_directory(dir_ / "mnt");
        mounted_ = run_shell("mkfs.ext4 -q " + device_ + " && mount " + device_ + " " + (dir_ / "mnt"), 20)
                       .exit_code == 0;
    }
    ~MountedLoopDevice() {
        if (mounted_) run_shell("umount " + (dir_ / "mnt"), 10);
        if (!device_.empty()) run_shell("losetup -d " + device_, 10);
    }
    bool ready() const { return mounted_; }
    const std::string& device() const { return device_; }

private:
    ScratchDir dir_;
    std::string device_;
    bool mounted_ = false;
};

TEST(FileLayoutCli, WritingToAMountedDeviceNeedsAllowMountedWrite) {
    MountedLoopDevice loop;
    if (!loop.ready()) GTEST_SKIP() << "cannot attach and mount a loop device here (needs root)";
    const auto refused = run_fio("--name=m --rw=write --size=64k --filename=" + loop.device(), 10);
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find(loop.device() +
                               " appears mounted, and 'allow_mounted_write' isn't set"),
              std::string::npos)
        << refused.err;
    // Reading is harmless and allowed.
    EXPECT_EQ(run_json("--name=m --rw=read --size=64k --filename=" + loop.device())["read"]
                      ["io_bytes"].get<std::uint64_t>(),
              65536u);
}

}  // namespace
}  // namespace fio::test

namespace fio::test {
namespace {

TEST(SyncCli, FsyncEveryNWritesCountsAsStockFio) {
    ScratchDir dir;
    const std::string file = dir / "synced";
    struct Case {
        const char* options;
        std::uint64_t syncs;  // stock fio 3.33 with the same job: none after the last write
    };
    const Case cases[] = {{"--fsync=32", 7},
                          {"--fsync=3", 85},
                          {"--fsync=32 --ioengine=io_uring --iodepth=4", 7},
                          {"--end_fsync=1", 0},
                          {"--fsync_on_close=1", 0}};
    for (const auto& c : cases) {
        const json job = run_json("--name=s --rw=write --bs=4k --size=1m --filename=" + file + " " +
                                  c.options);
        EXPECT_EQ(job["write"]["total_ios"].get<std::uint64_t>(), 256u) << c.options;
        EXPECT_EQ(job["sync"]["total_ios"].get<std::uint64_t>(), c.syncs) << c.options;
        EXPECT_EQ(job["sync"]["lat_ns"]["N"].get<std::uint64_t>(), c.syncs) << c.options;
    }
    // Syncs count in the depth distribution, over the reads and writes (as stock: 102.7%).
    const json job = run_json("--name=s --rw=write --bs=4k --size=1m --fsync=32 --filename=" + file);
    EXPECT_NEAR(job["iodepth_level"]["1"].get<double>(), 102.734375, 1e-6);
}

}  // namespace
}  // namespace fio::test

namespace fio::test {
namespace {

TEST(SyncCli, FdatasyncAndSyncFileRangeReportAsStockFio) {
    ScratchDir dir;
    const std::string file = dir / "synced";
    struct Case {
        const char* options;
        std::uint64_t fsyncs;      // sync.total_ios
        std::uint64_t syncs;       // sync.lat_ns.N: every kind
        std::uint64_t read_short;  // where stock counts fdatasyncs
        std::uint64_t write_short; // where stock counts sync_file_ranges
    };
    // Stock fio 3.33 with the same 1 MiB (256 writes) jobs.
    const Case cases[] = {
        {"--fdatasync=32", 0, 7, 7, 0},
        {"--sync_file_range=write:32", 0, 7, 0, 7},
        {"--sync_file_range=wait_before,write,wait_after:32 --ioengine=libaio --iodepth=4", 0, 7,
         0, 7},
        {"--fdatasync=32 --ioengine=libaio --iodepth=4", 0, 7, 7, 0},
        {"--sync_file_range=write:32 --ioengine=io_uring --iodepth=4", 0, 7, 0, 7},
        {"--fdatasync=32 --ioengine=io_uring --iodepth=1", 0, 7, 7, 0},
        {"--fdatasync=32 --ioengine=pvsync2", 0, 7, 7, 0},
        // posixaio does every kind as an fsync (aio_fsync(O_SYNC)), counted as stock does.
        {"--fdatasync=32 --ioengine=posixaio --iodepth=1", 0, 7, 7, 0},
        {"--sync_file_range=write:32 --ioengine=posixaio --iodepth=1", 0, 7, 0, 7},
        {"--sync_file_range=write:32 --ioengine=sync", 0, 7, 0, 7},
        {"--fsync=96 --fdatasync=64 --sync_file_range=write:32", 2, 7, 2, 3},
    };
    for (const auto& c : cases) {
        const json job = run_json("--name=s --rw=write --bs=4k --size=1m --filename=" + file + " " +
                                  c.options);
        EXPECT_EQ(job["write"]["total_ios"].get<std::uint64_t>(), 256u) << c.options;
        EXPECT_EQ(job["sync"]["total_ios"].get<std::uint64_t>(), c.fsyncs) << c.options;
        EXPECT_EQ(job["sync"]["lat_ns"]["N"].get<std::uint64_t>(), c.syncs) << c.options;
        EXPECT_EQ(job["read"]["short_ios"].get<std::uint64_t>(), c.read_short) << c.options;
        EXPECT_EQ(job["write"]["short_ios"].get<std::uint64_t>(), c.write_short) << c.options;
    }
    // The text report's issued line shows them where stock's does.
    const auto text = run_fio("--name=s --rw=write --bs=4k --size=64k --fdatasync=4 --filename=" +
                                  file,
                              30);
    EXPECT_NE(text.out.find("issued rwts: total=0,16,0,0 short=3,0,0,0 dropped=0,0,0,0"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("fsync/fdatasync/sync_file_range:"), std::string::npos) << text.out;
}

TEST(SyncCli, AnEngineBuiltBeforeSyncKindsIsRefusedFdatasync) {
    const std::string engine =
        "--plugin-dir=" FIO_TEST_PLUGIN_DIR " --ioengine=abi10 --rw=write --size=64k";
    const auto refused = run_fio("--name=s --fdatasync=4 " + engine, 30);
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("ioengine=abi10 was built against plugin ABI 1.0, which cannot ask "
                               "for fdatasync or sync_file_range"),
              std::string::npos)
        << refused.err;
    EXPECT_EQ(run_fio("--name=s --sync_file_range=write:2 " + engine, 30).exit_code, 1);
    // fsync it understands.
    const json job = run_json("--name=s --fsync=4 " + engine);
    EXPECT_EQ(job["sync"]["total_ios"].get<std::uint64_t>(), 3u);
}

}  // namespace
}  // namespace fio::test

namespace fio::test {
namespace {

TEST(FileLayoutCli, UnlinkEachLoopStartsEachLoopOnANewFile) {
    ScratchDir dir;
    const std::string file = dir / "renewed";
    write_bytes(file, 131072);  // twice what the job writes, mode 0644
    const json job = run_json("--name=u --rw=write --bs=4k --size=64k --loops=3 "
                              "--unlink_each_loop=1 --filename=" + file);
    EXPECT_EQ(job["write"]["io_bytes"].get<std::uint64_t>(), 196608u);
    EXPECT_EQ(job["error"].get<int>(), 0);
    // As stock fio 3.33: the last loop's new file stays, as big as one loop wrote, made
    // 0600; the old 128 KiB file is gone.
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_size, 65536);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    // Without it the file keeps its size.
    const std::string kept = dir / "kept";
    write_bytes(kept, 131072);
    run_json("--name=k --rw=write --bs=4k --size=64k --loops=3 --filename=" + kept);
    ASSERT_EQ(::stat(kept.c_str(), &st), 0);
    EXPECT_EQ(st.st_size, 131072);
}

TEST(FileLayoutCli, UnlinkEachLoopFailsAReadJobAsStockDoes) {
    ScratchDir dir;
    const std::string file = dir / "read";
    write_bytes(file, 65536);
    const json job = run_json("--name=r --rw=read --bs=4k --size=64k --loops=2 "
                              "--unlink_each_loop=1 --filename=" + file,
                              1);
    EXPECT_EQ(job["error"].get<int>(), ENOENT);
    EXPECT_EQ(job["read"]["io_bytes"].get<std::uint64_t>(), 65536u);
    EXPECT_FALSE(std::filesystem::exists(file));
}

}  // namespace
}  // namespace fio::test

namespace fio::test {
namespace {

TEST(FileLayoutCli, CreateSerializeZeroLaysOutJobsFilesAlongsideEachOther) {
    ScratchDir dir;
    const std::string common = " --rw=randread --bs=4k --size=1m --nrfiles=2 --create_serialize=0"
                               " --directory=" + dir.path().string();
    const auto r = run_fio("--name=a" + common + " --name=b" + common + " --output-format=json", 60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err.find("create_serialize"), std::string::npos) << r.err;  // no warning now
    const json run = json::parse(r.out);
    for (const auto& job : run["jobs"]) {
        EXPECT_EQ(job["read"]["io_bytes"].get<std::uint64_t>(), 1048576u) << job["jobname"];
    }
    // Each job's 1 MiB is split over its two files, laid out in full.
    for (const char* name : {"a.0.0", "a.0.1", "b.0.0", "b.0.1"}) {
        EXPECT_EQ(allocation_of(dir / name).size, 524288u) << name;
    }
}

}  // namespace
}  // namespace fio::test
