// The terse output end to end (--output-format=terse, --minimal, --terse-version): the
// built binary's lines, and the fields that are deterministic compared with stock fio
// 3.33's for the same job.
#include "run_command.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace fio::test {
namespace {

// Field positions of a v3 line without disks (HOWTO "Terse output").
constexpr std::size_t kFieldsWithoutDisks = 121;
constexpr std::size_t kRead = 5;           // read block: KiB, KiB/s, IOPS, runtime ms...
constexpr std::size_t kWrite = 46;         // write block, same 41 fields
constexpr std::size_t kDirectionFields = 41;
constexpr std::size_t kDepths = 92;        // 7 I/O depth fields

std::vector<std::string> split(const std::string& line, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto at = line.find(separator, start);
        parts.push_back(line.substr(start, at - start));
        if (at == std::string::npos) return parts;
        start = at + 1;
    }
}

// The terse lines of stdout, each split into its fields. Stock also prints a failed
// job's "fio: pid=..." diagnostic there; only lines starting with the version count.
std::vector<std::vector<std::string>> terse_lines(const std::string& out) {
    std::vector<std::vector<std::string>> lines;
    for (const auto& line : split(out, '\n')) {
        if (line.starts_with("3;")) lines.push_back(split(line, ';'));
    }
    return lines;
}

std::vector<std::string> slice(const std::vector<std::string>& fields, std::size_t from,
                               std::size_t count) {
    if (fields.size() < from + count) return {};
    return {fields.begin() + static_cast<std::ptrdiff_t>(from),
            fields.begin() + static_cast<std::ptrdiff_t>(from + count)};
}

const std::string kNullRead = "--name=t --ioengine=null --size=1m --bs=4k --rw=read";

TEST(TerseCli, NullReadLineHasStockFieldsAndExactCounts) {
    const auto r = run_fio(kNullRead + " --output-format=terse", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto lines = terse_lines(r.out);
    ASSERT_EQ(lines.size(), 1u) << r.out;
    EXPECT_EQ(split(r.out, '\n').size(), 2u) << "nothing but the line:\n" << r.out;
    const auto& f = lines[0];
    ASSERT_EQ(f.size(), kFieldsWithoutDisks) << r.out;
    EXPECT_EQ(f[0], "3");
    EXPECT_EQ(f[1], "fio-3.33");
    EXPECT_EQ(f[2], "t");
    EXPECT_EQ(f[3], "0");
    EXPECT_EQ(f[4], "0");
    EXPECT_EQ(f[kRead], "1024");  // KiB
    // KiB/s and IOPS are whole numbers over the whole-ms runtime.
    const std::uint64_t runtime_ms = std::stoull(f[kRead + 3]);
    ASSERT_GT(runtime_ms, 0u);
    EXPECT_EQ(std::stoull(f[kRead + 1]), 1048576u * 1000 / runtime_ms / 1024);
    EXPECT_EQ(std::stoull(f[kRead + 2]), 256u * 1000 / runtime_ms);
    EXPECT_EQ(f[kRead + 4], "0");  // no submission latency for a sync engine
    EXPECT_TRUE(f[kRead + 12].starts_with("1.000000%=")) << f[kRead + 12];  // first percentile
    EXPECT_EQ(f[kRead + 29], "0%=0");  // the 18th percentile slot: the default list has 17
    EXPECT_EQ(f[kWrite], "0");
    EXPECT_EQ(f[kDepths], "100.0%");
    EXPECT_EQ(f[kDepths + 6], "0.0%");

    // The version is the JSON document's.
    const auto json = run_fio(kNullRead + " --output-format=json", 30);
    ASSERT_TRUE(nlohmann::json::accept(json.out)) << json.out;
    EXPECT_EQ(nlohmann::json::parse(json.out)["fio version"], f[1]);

    // --minimal is the same output.
    const auto minimal = run_fio(kNullRead + " --minimal", 30);
    ASSERT_EQ(minimal.exit_code, 0) << minimal.err;
    const auto minimal_lines = terse_lines(minimal.out);
    ASSERT_EQ(minimal_lines.size(), 1u) << minimal.out;
    EXPECT_EQ(minimal_lines[0].size(), kFieldsWithoutDisks);
    EXPECT_EQ(slice(minimal_lines[0], 0, 6), slice(f, 0, 6));
    EXPECT_EQ(slice(minimal_lines[0], kWrite, kDirectionFields), slice(f, kWrite, kDirectionFields));
}

TEST(TerseCli, EveryJobGetsALineAndGroupReportingOne) {
    const auto two = run_fio("--output-format=terse " + kNullRead + " --name=u --ioengine=null --rw=write --size=2m", 30);
    ASSERT_EQ(two.exit_code, 0) << two.err;
    const auto lines = terse_lines(two.out);
    ASSERT_EQ(lines.size(), 2u) << two.out;
    EXPECT_EQ(lines[0][2], "t");
    EXPECT_EQ(lines[1][2], "u");
    EXPECT_EQ(lines[1][kRead], "0");
    EXPECT_EQ(lines[1][kWrite], "2048");

    const auto grouped = run_fio(kNullRead + " --numjobs=2 --group_reporting --minimal", 30);
    ASSERT_EQ(grouped.exit_code, 0) << grouped.err;
    const auto merged = terse_lines(grouped.out);
    ASSERT_EQ(merged.size(), 1u) << grouped.out;
    EXPECT_EQ(merged[0][kRead], "2048");
}

TEST(TerseCli, DescriptionAndErrorCountsCloseTheLine) {
    const auto r = run_fio("--name=e --filename=/dev/full --rw=write --bs=4k --size=64k "
                           "--continue_on_error=write --ignore_error=,28 --description=dd --minimal",
                           30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto lines = terse_lines(r.out);
    ASSERT_EQ(lines.size(), 1u) << r.out;
    const auto& f = lines[0];
    ASSERT_EQ(f.size(), kFieldsWithoutDisks + 3) << r.out;
    EXPECT_EQ(f[4], "28");
    EXPECT_EQ(slice(f, kFieldsWithoutDisks, 3), (std::vector<std::string>{"16", "28", "dd"}));
}

TEST(TerseCli, FailingJobStillPrintsItsLine) {
    const auto r = run_fio("--name=e --filename=/dev/full --rw=write --bs=4k --size=64k --minimal", 30);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    const auto lines = terse_lines(r.out);
    ASSERT_EQ(lines.size(), 1u) << r.out;
    ASSERT_EQ(lines[0].size(), kFieldsWithoutDisks);
    EXPECT_EQ(lines[0][2], "e");
    EXPECT_EQ(lines[0][4], "28");  // ENOSPC
    EXPECT_FALSE(r.err.empty());
}

TEST(TerseCli, TerseVersionOtherThanThreeIsRefused) {
    const auto r = run_fio("--terse-version=4 --minimal " + kNullRead, 30);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "fio: --terse-version: version 4 is not supported here, only 3\n");
    EXPECT_EQ(run_fio("--terse-version=3 --minimal " + kNullRead, 30).exit_code, 0);
}

// Stock fio and ours on the same size-bound job: every field that does not depend on
// timing must be equal.
class TerseAgainstStock : public ::testing::TestWithParam<const char*> {};

TEST_P(TerseAgainstStock, DeterministicFieldsMatch) {
    if (!std::filesystem::exists("/usr/bin/fio")) GTEST_SKIP() << "stock fio is not installed";
    const std::string args = std::string(GetParam()) + " --output-format=terse";
    const auto stock = run_shell("/usr/bin/fio " + args, 60);
    const auto ours = run_fio(args, 60);
    ASSERT_EQ(stock.exit_code, ours.exit_code) << stock.err << ours.err;
    const auto stock_lines = terse_lines(stock.out);
    const auto our_lines = terse_lines(ours.out);
    ASSERT_EQ(our_lines.size(), stock_lines.size()) << stock.out << "\n" << ours.out;
    for (std::size_t i = 0; i < our_lines.size(); ++i) {
        const auto& s = stock_lines[i];
        const auto& o = our_lines[i];
        ASSERT_EQ(o.size(), s.size()) << "line " << i;
        EXPECT_EQ(slice(o, 0, 5), slice(s, 0, 5)) << "version, fio version, name, group, error";
        for (std::size_t block : {kRead, kWrite}) {
            EXPECT_EQ(o[block], s[block]) << "KiB of the block at " << block;
            if (s[block] == "0") {  // an unused direction: all zeros, in stock's formats
                EXPECT_EQ(slice(o, block, kDirectionFields), slice(s, block, kDirectionFields));
            }
        }
        EXPECT_EQ(slice(o, kDepths, 7), slice(s, kDepths, 7)) << "I/O depths";
    }
}

INSTANTIATE_TEST_SUITE_P(
    Jobs, TerseAgainstStock,
    ::testing::Values("--name=t --ioengine=null --size=1m --bs=4k --rw=read --iodepth=1",
                      "--name=t --ioengine=null --size=2m --bs=64k --rw=write",
                      "--name=a --ioengine=null --size=1m --rw=read --name=b --ioengine=null "
                      "--size=3m --rw=randwrite",
                      "--name=g --ioengine=null --size=1m --rw=read --numjobs=3 --group_reporting"));

}  // namespace
}  // namespace fio::test
