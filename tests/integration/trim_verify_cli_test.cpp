// End to end: trim verification (trim_percentage, trim_verify_zero, trim_backlog,
// trim_backlog_batch) on a loop device, which discards (its trimmed blocks read back as
// zeroes), side by side with stock fio 3.33; and what a regular file does (its trims
// fail with ENOTTY, as stock's). Tests that need a loop device skip where none can be
// attached (root is needed).
#include "loop_device.hpp"
#include "run_command.hpp"
#include "stock_compare.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace fio::test {
namespace {

using nlohmann::json;

// The JSON document of a run (stock prints a failed job's error line before it).
json parsed(const CommandResult& r, const char* who) {
    const auto start = r.out.find("{\n");
    const std::string text = start == std::string::npos ? r.out : r.out.substr(start);
    EXPECT_TRUE(json::accept(text)) << who << " printed no JSON:\n" << r.out << "\nstderr:\n" << r.err;
    return json::accept(text) ? json::parse(text) : json::object();
}

std::uint64_t ios(const json& doc, const char* direction) {
    return doc["jobs"][0][direction]["total_ios"].get<std::uint64_t>();
}

// A 64 MiB image attached as a loop device; null when that is not possible here.
#define REQUIRE_LOOP(loop)                                                                   \
    LoopDevice loop([](const std::string& image) {                                           \
        ASSERT_EQ(run_shell("truncate -s 64M " + image).exit_code, 0);                       \
    });                                                                                       \
    if (!loop.ready()) GTEST_SKIP() << "cannot attach a loop device here (needs root)"

TEST(TrimVerifyCli, TrimwriteOnALoopDeviceTrimsAShareAndChecksThemAsStockDoes) {
    if (!stock_available()) GTEST_SKIP() << "stock fio is not installed";
    REQUIRE_LOOP(loop);
    const std::string job = "--name=t --filename=" + loop.device() +
                            " --rw=trimwrite --bs=4k --size=1M --verify=crc32c "
                            "--trim_percentage=50 --trim_backlog=4 --output-format=json";
    const auto both = run_side_by_side(job);
    ASSERT_EQ(both.stock.exit_code, 0) << both.stock.err;
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    EXPECT_EQ(both.ours.err, both.stock.err);
    const json stock = parsed(both.stock, "stock");
    const json ours = parsed(both.ours, "ours");
    EXPECT_TRUE(json_path_differences(stock, ours).empty());
    for (const auto& difference : json_path_differences(stock, ours)) ADD_FAILURE() << difference;

    // 256 blocks written, each trimmed first (trimwrite) and about half trimmed again
    // after its write; every block read back, the trimmed ones as zeroes.
    EXPECT_EQ(ios(ours, "write"), 256u);
    EXPECT_EQ(ios(ours, "read"), ios(stock, "read"));
    EXPECT_EQ(ios(ours, "write"), ios(stock, "write"));
    const auto verify_trims = [](const json& doc) { return ios(doc, "trim") - 256; };
    EXPECT_GT(verify_trims(stock), 100u);
    EXPECT_LT(verify_trims(stock), 156u);
    EXPECT_GT(verify_trims(ours), 100u) << ios(ours, "trim");
    EXPECT_LT(verify_trims(ours), 156u) << ios(ours, "trim");
    EXPECT_EQ(ours["jobs"][0]["trim"]["io_bytes"].get<std::uint64_t>(), ios(ours, "trim") * 4096);
}

TEST(TrimVerifyCli, WithoutTrimVerifyZeroTheTrimmedBlocksAreNotReadBack) {
    if (!stock_available()) GTEST_SKIP() << "stock fio is not installed";
    REQUIRE_LOOP(loop);
    const auto both = run_side_by_side("--name=t --filename=" + loop.device() +
                                       " --rw=trimwrite --bs=4k --size=1M --verify=crc32c "
                                       "--trim_percentage=50 --trim_backlog=4 --trim_verify_zero=0 "
                                       "--output-format=json");
    ASSERT_EQ(both.stock.exit_code, 0) << both.stock.err;
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    EXPECT_EQ(both.ours.err, both.stock.err);
    for (const json& doc : {parsed(both.stock, "stock"), parsed(both.ours, "ours")}) {
        // Each verify trim takes one block off the checks.
        EXPECT_EQ(ios(doc, "read"), 256u - (ios(doc, "trim") - 256u));
        EXPECT_GT(ios(doc, "read"), 100u);
        EXPECT_LT(ios(doc, "read"), 156u);
    }
}

TEST(TrimVerifyCli, TheTrimsShowInTheNormalAndTerseReportsAsStocks) {
    if (!stock_available()) GTEST_SKIP() << "stock fio is not installed";
    REQUIRE_LOOP(loop);
    const std::string job = "--name=t --filename=" + loop.device() +
                            " --rw=trimwrite --bs=4k --size=256k --verify=crc32c "
                            "--trim_percentage=100 --trim_backlog=8";
    const auto terse = run_side_by_side(job + " --output-format=terse");
    ASSERT_EQ(terse.stock.exit_code, 0) << terse.stock.err;
    ASSERT_EQ(terse.ours.exit_code, 0) << terse.ours.err;
    const auto stock_fields = split_fields(terse.stock.out.substr(0, terse.stock.out.find('\n')));
    const auto our_fields = split_fields(terse.ours.out.substr(0, terse.ours.out.find('\n')));
    // Terse version 3 has no trim fields (stock's neither): the same field count.
    EXPECT_EQ(our_fields.size(), stock_fields.size());

    const auto normal = run_side_by_side(job);
    ASSERT_EQ(normal.ours.exit_code, 0) << normal.ours.err;
    EXPECT_NE(normal.ours.out.find("\n  trim: IOPS="), std::string::npos) << normal.ours.out;
    EXPECT_NE(normal.stock.out.find("\n  trim: IOPS="), std::string::npos) << normal.stock.out;
    EXPECT_NE(normal.ours.out.find("issued rwts: total=64,64,128,0"), std::string::npos)
        << normal.ours.out;
    EXPECT_NE(normal.stock.out.find("issued rwts: total=64,64,128,0"), std::string::npos)
        << normal.stock.out;
}

TEST(TrimVerifyCli, AWriteJobTrimsToo) {
    // Stock 3.33 aborts on an assertion here (a trim in a job without a trim direction);
    // ours trims the picked blocks and checks them as zeroes.
    REQUIRE_LOOP(loop);
    const auto r = run_fio("--name=t --filename=" + loop.device() +
                           " --rw=randwrite --bs=4k --size=1M --verify=crc32c --trim_percentage=25 "
                           "--trim_backlog=16 --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const json doc = parsed(r, "ours");
    EXPECT_EQ(ios(doc, "write"), 256u);
    EXPECT_EQ(ios(doc, "read"), 256u);
    EXPECT_GT(ios(doc, "trim"), 40u);
    EXPECT_LT(ios(doc, "trim"), 90u);
}

TEST(TrimVerifyCli, TrimBacklogBatchLimitsTheTrimsAtEachPoint) {
    REQUIRE_LOOP(loop);
    const auto r = run_fio("--name=t --filename=" + loop.device() +
                           " --rw=write --bs=4k --size=1M --verify=crc32c --trim_percentage=100 "
                           "--trim_backlog=8 --trim_backlog_batch=2 --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // 256 written blocks: 32 points of 2 trims.
    EXPECT_EQ(ios(parsed(r, "ours"), "trim"), 64u);
}

TEST(TrimVerifyCli, OnARegularFileTheTrimsFailWithEnottyAsStocks) {
    if (!stock_available()) GTEST_SKIP() << "stock fio is not installed";
    const auto both = run_side_by_side(
        "--name=t --filename=data --rw=trimwrite --bs=4k --size=256k --verify=crc32c "
        "--trim_percentage=50 --trim_backlog=4 --output-format=json",
        "truncate -s 1M data");
    EXPECT_EQ(both.ours.exit_code, both.stock.exit_code) << both.ours.err;
    EXPECT_NE(both.ours.exit_code, 0);
    EXPECT_EQ(parsed(both.ours, "ours")["jobs"][0]["error"].get<int>(), 25);
    EXPECT_EQ(parsed(both.stock, "stock")["jobs"][0]["error"].get<int>(), 25);
}

}  // namespace
}  // namespace fio::test
