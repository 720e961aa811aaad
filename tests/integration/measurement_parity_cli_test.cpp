// Ours must do the I/O stock fio 3.33 does wherever that decides what is measured:
// the page-cache drops and access hints of buffered jobs, and the syncs of libaio
// jobs. strace shows the system calls, and stock runs beside ours where a number is
// compared. Each of these tests failed before the matching fix.
#include "run_command.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/vfs.h>
#include <linux/magic.h>

#include <filesystem>
#include <regex>
#include <string>

namespace fio::test {
namespace {

bool have_strace() { return run_shell("command -v strace", 10).exit_code == 0; }

// Lines of an strace log that match `pattern`.
long count_lines(const std::string& log, const std::string& pattern) {
    const std::regex re(pattern);
    long count = 0;
    std::istringstream in(log);
    for (std::string line; std::getline(in, line);) count += std::regex_search(line, re) ? 1 : 0;
    return count;
}

struct TracedRun {
    nlohmann::json job;
    std::string trace;
};

// Runs `binary` with `args` (JSON output) under strace, tracing `calls`.
TracedRun traced(const std::string& binary, const std::string& args, const std::string& calls,
                 const ScratchDir& dir) {
    const std::string log = dir / "strace.log";
    // LeakSanitizer cannot run under ptrace: the sanitizer build's binary is traced
    // with leak checking off (the rest of the suite checks leaks).
    const auto r = run_shell("ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=" + calls +
                                 " -o " + log + " " + binary + " " + args +
                                 " --output-format=json",
                             120);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    TracedRun run;
    run.job = nlohmann::json::parse(r.out)["jobs"][0];
    run.trace = read_file(log);
    return run;
}

TEST(MeasurementParity, BufferedTimeBasedReadsDropTheCacheAtEveryPassAndHintRandom) {
    if (!have_strace()) GTEST_SKIP() << "strace is not installed";
    ScratchDir dir;
    const std::string file = dir / "data";
    // 256 blocks per pass; a second of reads makes several passes.
    const auto run = traced(FIO_BINARY,
                            "--name=r --ioengine=psync --rw=randread --bs=4k --size=1m "
                            "--runtime=1 --time_based --filename=" + file,
                            "fadvise64", dir);
    const long ios = run.job["read"]["total_ios"].get<long>();
    ASSERT_GT(ios, 512) << "too few reads to make several passes";
    // One drop when the file is opened and one for every pass begun after the first
    // (and one after the layout wrote the file), as stock fio's strace shows.
    const long passes_begun = (ios + 255) / 256;
    EXPECT_EQ(count_lines(run.trace, R"(fadvise64\(\d+, 0, 1048576, POSIX_FADV_DONTNEED\))"),
              passes_begun + 1);
    EXPECT_EQ(count_lines(run.trace, "POSIX_FADV_RANDOM"), 1);
    EXPECT_EQ(count_lines(run.trace, "POSIX_FADV_SEQUENTIAL"), 0);
}

TEST(MeasurementParity, EachLoopDropsAndHintsAgainAsStocksReopenDoes) {
    if (!have_strace()) GTEST_SKIP() << "strace is not installed";
    ScratchDir dir;
    const std::string file = dir / "data";
    const auto run = traced(FIO_BINARY,
                            "--name=r --ioengine=psync --rw=read --bs=4k --size=256k --loops=3 "
                            "--filename=" + file,
                            "fadvise64", dir);
    EXPECT_EQ(run.job["read"]["total_ios"].get<long>(), 3 * 64);
    EXPECT_EQ(count_lines(run.trace, "POSIX_FADV_SEQUENTIAL"), 3);
    EXPECT_EQ(count_lines(run.trace, "POSIX_FADV_DONTNEED"), 3 + 1);  // + the layout's
    // fadvise_hint=0 and invalidate=0: no advice at all
    const auto quiet = traced(FIO_BINARY,
                              "--name=r --ioengine=psync --rw=read --bs=4k --size=256k --loops=3 "
                              "--fadvise_hint=0 --invalidate=0 --filename=" + file,
                              "fadvise64", dir);
    EXPECT_EQ(count_lines(quiet.trace, "fadvise64"), 0);
}

// The issue's own case: buffered time_based random reads of a disk file. Stock reads
// the disk (about 18k IOPS here); served from the page cache ours reported 364k. The
// band is loose on purpose: it catches a 20x error, not noise.
TEST(MeasurementParity, BufferedTimeBasedRandomReadsMeasureTheDiskAsStockDoes) {
    if (!std::filesystem::exists("/usr/bin/fio")) GTEST_SKIP() << "stock fio is not installed";
    ScratchDir dir;
    struct statfs fs {};
    if (::statfs(dir.path().c_str(), &fs) == 0 && fs.f_type == TMPFS_MAGIC) {
        GTEST_SKIP() << "the scratch directory is on tmpfs: there is no disk to read";
    }
    const std::string args = "--name=r --ioengine=psync --rw=randread --bs=4k --size=32m "
                             "--runtime=2 --time_based --output-format=json --filename=" +
                             (dir / "data");
    const auto iops = [&](const std::string& binary) {
        const auto r = run_shell(binary + " " + args, 60);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return nlohmann::json::parse(r.out)["jobs"][0]["read"]["iops"].get<double>();
    };
    const double stock = iops("/usr/bin/fio");
    const double ours = iops(FIO_BINARY);
    EXPECT_LT(ours, stock * 4) << "ours " << ours << " IOPS against stock's " << stock;
    EXPECT_GT(ours, stock / 4) << "ours " << ours << " IOPS against stock's " << stock;
}

// Stock's libaio makes every sync the system call itself, once what was queued before it
// is submitted; ours sent IOCB_CMD_FSYNC through io_submit and raced the writes.
TEST(MeasurementParity, LibaioSyncsAreSystemCallsNotAsyncCommands) {
    if (!have_strace()) GTEST_SKIP() << "strace is not installed";
    ScratchDir dir;
    for (const std::string option : {"--fsync=1", "--fdatasync=2"}) {
        const auto run = traced(FIO_BINARY,
                                "--name=w --ioengine=libaio --iodepth=4 --rw=randwrite --bs=4k "
                                "--size=256k " + option + " --filename=" + (dir / "data"),
                                "io_submit,fsync,fdatasync", dir);
        EXPECT_EQ(run.job["write"]["total_ios"].get<long>(), 64) << option;
        EXPECT_EQ(count_lines(run.trace, "IOCB_CMD_FSYNC|IOCB_CMD_FDSYNC"), 0) << option;
        const long calls = count_lines(run.trace, option == "--fsync=1" ? R"(\bfsync\()"
                                                                        : R"(\bfdatasync\()");
        // As stock: a sync after nearly every write (stock 3.33 counts 253 for 256).
        const long expected = option == "--fsync=1" ? 64 : 32;
        EXPECT_GE(calls, expected - 2) << option;
        EXPECT_LE(calls, expected) << option;
    }
}

// Stock fsyncs at the end of every loop (end_fsync) and when it closes a file, which it
// does at every loop (fsync_on_close); ours did one fsync after the whole job, outside
// its measured time.
TEST(MeasurementParity, EndFsyncAndFsyncOnCloseSyncEveryLoop) {
    if (!have_strace()) GTEST_SKIP() << "strace is not installed";
    ScratchDir dir;
    for (const std::string option : {"--end_fsync=1", "--fsync_on_close=1"}) {
        const auto run = traced(FIO_BINARY,
                                "--name=w --ioengine=psync --rw=write --bs=4k --size=64k --loops=3 " +
                                    option + " --filename=" + (dir / "data"),
                                "fsync", dir);
        EXPECT_EQ(run.job["write"]["total_ios"].get<long>(), 48) << option;
        EXPECT_EQ(count_lines(run.trace, R"(\bfsync\()"), 3) << option;
        EXPECT_EQ(run.job["sync"]["total_ios"].get<long>(), 0) << option;  // not counted, as stock
    }
}

}  // namespace
}  // namespace fio::test
