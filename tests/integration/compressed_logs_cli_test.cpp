// Compressed logs end to end: log_compression, log_store_compressed and
// --inflate-log as a user runs them, stock fio's own check (t/log_compression.py),
// and .fz files exchanged with stock fio 3.33 in both directions.
#include "run_command.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace fio::test {
namespace {

std::string in_dir(const ScratchDir& dir, const std::string& args) {
    return "cd " + dir.path().string() + " && " + FIO_BINARY + " " + args;
}

std::size_t line_count(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// The fifth column (the offset) of every line.
std::vector<std::uint64_t> offsets_of(const std::string& text) {
    std::vector<std::uint64_t> offsets;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        std::size_t at = 0;
        for (int comma = 0; comma < 4; ++comma) at = line.find(", ", at) + 2;
        offsets.push_back(std::stoull(line.substr(at)));
    }
    return offsets;
}

// Stock's t/log_compression.py: 8000 per-I/O bw lines of a sequential null job, in
// offset order, uncompressed in memory and stored compressed.
TEST(CompressedLogsCli, StockLogCompressionCheckPasses) {
    ScratchDir dir;
    const std::string job =
        "--name=job --ioengine=null --filesize=1000M --bs=128K --rw=write --iodepth=1 "
        "--write_bw_log=test --per_job_logs=0 --log_offset=1 --log_compression=10K";
    std::vector<std::uint64_t> expected;
    for (std::uint64_t i = 0; i < 8000; ++i) expected.push_back(i * 131072);

    const auto plain = run_shell(in_dir(dir, job));
    ASSERT_EQ(plain.exit_code, 0) << plain.err;
    EXPECT_EQ(plain.err, "");
    EXPECT_EQ(offsets_of(read_file(dir / "test_bw.log")), expected);

    const auto stored = run_shell(in_dir(dir, job + " --log_store_compressed=1"));
    ASSERT_EQ(stored.exit_code, 0) << stored.err;
    EXPECT_EQ(stored.err, "");
    EXPECT_FALSE(std::filesystem::exists(dir / "test_bw.log.fz.log"));
    const auto inflated = run_shell(in_dir(dir, "--inflate-log=test_bw.log.fz"));
    ASSERT_EQ(inflated.exit_code, 0) << inflated.err;
    EXPECT_EQ(inflated.err, "");
    EXPECT_EQ(offsets_of(inflated.out), expected);
}

TEST(CompressedLogsCli, EveryLogOfAJobIsStoredAndInflatesToItsLines) {
    ScratchDir dir;
    const auto r = run_shell(in_dir(
        dir, "--name=j --ioengine=null --size=4m --bs=4k --rw=randrw --write_bw_log=a "
             "--write_lat_log=b --write_iops_log=c --log_store_compressed=1 --log_prio=1 "
             "--log_compression=4k --log_compression_cpus=0"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    for (const char* name : {"a_bw.1.log.fz", "b_lat.1.log.fz", "b_clat.1.log.fz", "c_iops.1.log.fz"}) {
        SCOPED_TRACE(name);
        const auto text = run_shell(in_dir(dir, std::string("--inflate-log=") + name));
        EXPECT_EQ(text.exit_code, 0) << text.err;
        EXPECT_EQ(line_count(text.out), 1024u);  // 4 MiB of 4 KiB I/Os, a line each
        EXPECT_NE(text.out.find(", 0x0000\n"), std::string::npos) << text.out.substr(0, 200);
    }
    // The null engine submits nothing: the slat log is empty, and so is its .fz.
    EXPECT_EQ(read_file(dir / "b_slat.1.log.fz"), "");
    const auto empty = run_shell(in_dir(dir, "--inflate-log=b_slat.1.log.fz"));
    EXPECT_EQ(empty.exit_code, 0);
    EXPECT_EQ(empty.out, "");
    EXPECT_EQ(empty.err, "");
}

TEST(CompressedLogsCli, TheHistogramLogStaysTextWithAWarning) {
    ScratchDir dir;
    const auto r = run_shell(in_dir(
        dir, "--name=j --ioengine=null --size=1g --bs=4k --write_hist_log=h --log_hist_msec=10 "
             "--time_based --runtime=100ms --log_store_compressed=1"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err,
              "fio: warning: log_store_compressed: the histogram log (write_hist_log) is written "
              "as text (P_clat_hist.N.log), since stock fio 3.33 stores memory addresses in place "
              "of its counts\n");
    EXPECT_GT(line_count(read_file(dir / "h_clat_hist.1.log")), 0u);
    EXPECT_FALSE(std::filesystem::exists(dir / "h_clat_hist.1.log.fz"));
}

TEST(CompressedLogsCli, InflateLogNamesTheFileAndWhatIsWrongWithIt) {
    ScratchDir dir;
    const auto missing = run_shell(in_dir(dir, "--inflate-log=missing.fz"));
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_EQ(missing.err, "fio: --inflate-log=missing.fz: No such file or directory\n");

    ASSERT_EQ(run_shell("echo garbage > " + (dir / "g.fz")).exit_code, 0);
    const auto garbage = run_shell(in_dir(dir, "--inflate-log=g.fz"));
    EXPECT_EQ(garbage.exit_code, 1);
    EXPECT_EQ(garbage.out, "");
    EXPECT_EQ(garbage.err,
              "fio: --inflate-log=g.fz: the compressed stream at byte 0 is damaged (incorrect "
              "header check)\n");

    // A cut-short file: the lines of what is sound, then the error.
    ASSERT_EQ(run_shell(in_dir(dir, "--name=j --ioengine=null --size=64m --bs=4k --write_lat_log=l "
                                    "--log_store_compressed=1")).exit_code, 0);
    const std::string whole = dir / "l_clat.1.log.fz";
    const auto size = std::filesystem::file_size(whole);
    ASSERT_EQ(run_shell("head -c " + std::to_string(size - 10) + " " + whole + " > " + (dir / "cut.fz")).exit_code, 0);
    const auto cut = run_shell(in_dir(dir, "--inflate-log=cut.fz"));
    EXPECT_EQ(cut.exit_code, 1);
    EXPECT_GT(line_count(cut.out), 0u);
    EXPECT_LT(line_count(cut.out), 16384u);
    EXPECT_NE(cut.err.find("fio: --inflate-log=cut.fz: the compressed stream at byte "), std::string::npos) << cut.err;
    EXPECT_NE(cut.err.find(" is cut short\n"), std::string::npos) << cut.err;

    const auto no_value = run_shell(in_dir(dir, "--inflate-log"));
    EXPECT_EQ(no_value.exit_code, 1);
    EXPECT_EQ(no_value.err, "fio: --inflate-log: a value is required\n");
}

TEST(CompressedLogsCli, BadCompressionValuesAreRefusedByName) {
    const auto small = run_fio("--name=j --ioengine=null --size=1m --write_bw_log=x --log_compression=512");
    EXPECT_EQ(small.exit_code, 1);
    EXPECT_NE(small.err.find("option 'log_compression'"), std::string::npos) << small.err;
    const auto cpus = run_fio("--name=j --ioengine=null --size=1m --write_bw_log=x --log_compression=1m "
                              "--log_compression_cpus=4096");
    EXPECT_EQ(cpus.exit_code, 1);
    EXPECT_NE(cpus.err.find("option 'log_compression_cpus'"), std::string::npos) << cpus.err;
}

// Our .fz files and stock's are the same format: each tool prints the other's as the
// other does.
TEST(CompressedLogsCli, StockFioAndOursReadEachOthersFiles) {
    if (!std::filesystem::exists("/usr/bin/fio")) GTEST_SKIP() << "stock fio is not installed";
    ScratchDir dir;
    const std::string job =
        " --name=j --ioengine=null --size=8m --bs=4k --rw=randrw --write_lat_log=";
    const std::string options = " --log_offset=1 --log_prio=1 --prioclass=2 --prio=5 --log_store_compressed=1";
    ASSERT_EQ(run_shell(in_dir(dir, job + "ours" + options)).exit_code, 0);
    ASSERT_EQ(run_shell("cd " + dir.path().string() + " && /usr/bin/fio" + job + "stock" + options).exit_code, 0);
    for (const char* file : {"ours_lat.1.log.fz", "stock_lat.1.log.fz", "stock_clat.1.log.fz"}) {
        SCOPED_TRACE(file);
        const auto by_us = run_shell(in_dir(dir, std::string("--inflate-log=") + file));
        const auto by_stock = run_shell("/usr/bin/fio --inflate-log=" + (dir / file));
        ASSERT_EQ(by_us.exit_code, 0) << by_us.err;
        ASSERT_EQ(by_stock.exit_code, 0) << by_stock.err;
        EXPECT_EQ(line_count(by_us.out), 2048u);
        EXPECT_EQ(by_us.out, by_stock.out);
        EXPECT_NE(by_us.out.find(", 0x4005\n"), std::string::npos) << by_us.out.substr(0, 200);
    }
}

}  // namespace
}  // namespace fio::test
