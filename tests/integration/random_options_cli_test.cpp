// Random-offset controls (randseed, allrandrepeat, percentage_random, softrandommap),
// time_based without a runtime and --warnings-fatal, side by side with stock fio where
// the comparison means something (exit status, stderr); the offsets themselves are
// read from write_iolog, since our random sequences are not stock's.
#include "run_command.hpp"
#include "scratch_dir.hpp"
#include "stock_compare.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fio::test {
namespace {

// The offsets of a job's I/Os, in order, as its write_iolog records them.
std::vector<std::string> logged_offsets(const std::string& options) {
    ScratchDir dir;
    const std::string log = (dir.path() / "io.log").string();
    const auto r = run_fio("--name=x --ioengine=null --size=1m --bs=4k --minimal "
                           "--write_iolog=" + log + " " + options);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::ifstream in(log);
    std::vector<std::string> offsets;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string time, file, action, offset;  // version 3: a time stamp first
        words >> time >> file >> action >> offset;
        if (action == "read" || action == "write") offsets.push_back(offset);
    }
    return offsets;
}

TEST(RandomOptions, TheSameRandseedRepeatsTheOffsetsAndAnotherChangesThem) {
    for (const char* repeat : {"--randrepeat=1", "--randrepeat=0"}) {
        const std::string job = std::string("--rw=randread ") + repeat;
        const auto first = logged_offsets(job + " --randseed=1");
        ASSERT_EQ(first.size(), 256u) << repeat;
        EXPECT_EQ(logged_offsets(job + " --randseed=1"), first) << repeat;
        EXPECT_NE(logged_offsets(job + " --randseed=2"), first) << repeat;
    }
}

TEST(RandomOptions, RandrepeatOffWithoutASeedVariesAndAllrandrepeatFixesIt) {
    const std::string job = "--rw=randread --randrepeat=0";
    EXPECT_NE(logged_offsets(job), logged_offsets(job));
    EXPECT_EQ(logged_offsets(job + " --allrandrepeat=1"), logged_offsets(job + " --allrandrepeat=1"));
}

TEST(RandomOptions, PercentageRandomZeroIsSequentialAndFiftyMixes) {
    const auto sequential = logged_offsets("--rw=randread --percentage_random=0");
    ASSERT_EQ(sequential.size(), 256u);
    for (std::size_t i = 0; i < sequential.size(); ++i) {
        EXPECT_EQ(sequential[i], std::to_string(i * 4096)) << i;
    }
    const auto mixed = logged_offsets("--rw=randread --percentage_random=50");
    ASSERT_EQ(mixed.size(), 256u);
    std::size_t follow_ons = 0;
    for (std::size_t i = 1; i < mixed.size(); ++i) {
        if (std::stoull(mixed[i]) == std::stoull(mixed[i - 1]) + 4096) ++follow_ons;
    }
    // About half follow on (a random one does too, 1 time in 256): a loose band.
    EXPECT_GT(follow_ons, 80u);
    EXPECT_LT(follow_ons, 180u);
}

TEST(RandomOptions, PercentageRandomPerDirection) {
    // Reads all sequential (each after the I/O before), writes all random.
    const auto offsets = logged_offsets("--rw=randrw --percentage_random=0,100 --randseed=7");
    ASSERT_FALSE(offsets.empty());
    const auto r = run_fio("--name=x --ioengine=null --size=1m --bs=4k --minimal --rw=randrw "
                           "--percentage_random=0,100,");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(run_fio("--name=x --ioengine=null --size=1m --percentage_random=150").exit_code, 0);
}

TEST(RandomOptions, AcceptedLikeStock) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    for (const char* option : {"--randseed=1234", "--allrandrepeat=1", "--percentage_random=30",
                               "--percentage_random=0,100", "--softrandommap=1"}) {
        const auto both = run_side_by_side(
            std::string("--name=x --filename=f --size=256k --bs=4k --rw=randrw --minimal ") + option);
        EXPECT_EQ(both.ours.exit_code, both.stock.exit_code) << option << both.ours.err;
        EXPECT_EQ(both.ours.err, both.stock.err) << option;
    }
}

TEST(RandomOptions, TimeBasedWithoutRuntimeWarnsAndRunsOnceAsStock) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const std::string job = "--name=x --filename=f --size=256k --bs=4k --rw=read --time_based --minimal";
    const auto both = run_side_by_side(job, "", 30);
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    EXPECT_EQ(both.ours.err, both.stock.err);
    EXPECT_EQ(both.ours.err, "fio: time_based requires a runtime/timeout setting\n");
    EXPECT_EQ(split_fields(both.ours.out).at(5), "256");  // read KiB: the size, once

    const auto fatal = run_side_by_side("--warnings-fatal " + job, "", 30);
    EXPECT_EQ(fatal.ours.exit_code, 1);
    EXPECT_EQ(fatal.ours.exit_code, fatal.stock.exit_code);
    EXPECT_EQ(fatal.ours.err, fatal.stock.err);
    EXPECT_EQ(fatal.ours.out, "");
}

TEST(RandomOptions, WarningsFatalLeavesOurNotesAlone) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    // Stock runs verify_async_cpus without a word; our note on it must not fail the run.
    const auto both = run_side_by_side(
        "--warnings-fatal --name=x --filename=f --size=64k --minimal --verify_async_cpus=0");
    EXPECT_EQ(both.ours.exit_code, 0) << both.ours.err;
    EXPECT_EQ(both.ours.exit_code, both.stock.exit_code);
    EXPECT_FALSE(both.ours.out.empty());
}

TEST(FileOptions, OpendirAddsEveryFileBelowTheDirectoryAsStock) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const std::string setup =
        "mkdir -p d/sub && head -c 65536 /dev/zero > d/a && head -c 65536 /dev/zero > d/sub/b";
    const auto both = run_side_by_side("--name=x --opendir=d --rw=read --bs=4k --minimal", setup);
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    EXPECT_EQ(both.ours.err, both.stock.err);
    const auto lines = split_fields(both.ours.out, '\n');
    const auto stock_lines = split_fields(both.stock.out, '\n');
    EXPECT_EQ(lines.at(0), "fio: opendir added 2 files");
    EXPECT_EQ(lines.at(0), stock_lines.at(0));
    EXPECT_EQ(split_fields(lines.at(1)).at(5), "128");  // read KiB: both files, whole
    EXPECT_EQ(split_fields(lines.at(1)).at(5), split_fields(stock_lines.at(1)).at(5));

    const auto missing = run_fio("--name=x --opendir=/nonexistent-dir --rw=read --minimal");
    EXPECT_NE(missing.exit_code, 0);
    EXPECT_NE(missing.err.find("opendir=/nonexistent-dir"), std::string::npos) << missing.err;
}

TEST(FileOptions, AtomicOpensWithDirectIoAsStockOnLinux) {
    // O_DIRECT on tmpfs fails to open, so the job fails where direct=1 would.
    ScratchDir dir;
    const std::string job = "--name=x --filename=" + (dir.path() / "f").string() +
                            " --size=64k --rw=write --bs=4k --minimal --atomic=1";
    const auto atomic = run_fio(job);
    const auto direct = run_fio(job + " --direct=1");
    EXPECT_EQ(atomic.exit_code, direct.exit_code) << atomic.err << direct.err;
    EXPECT_EQ(run_fio("--name=x --ioengine=null --size=64k --minimal --unique_filename=0").exit_code, 0);
}

}  // namespace
}  // namespace fio::test
