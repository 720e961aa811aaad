// --idle-prof and the triggers (--trigger-file, --trigger-timeout, --trigger), side by side
// with stock fio 3.33: the "CPU idleness:" report in the normal and JSON outputs and the
// calibration, a run stopped by its trigger (the command runs, the file is removed, the
// verify state is left). The refusals are in command_line_surface_test.cpp.
#include "stock_compare.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace fio::test {
namespace {

constexpr const char* kNullJob = "--name=x --ioengine=null --size=64m --runtime=1 --time_based";

// The last `count` masked lines of a normal report.
std::vector<std::string> last_lines(const std::string& text, std::size_t count) {
    auto lines = masked_lines(text);
    if (lines.size() > count) lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(count));
    return lines;
}

TEST(IdleProfCli, NormalReportEndsWithStocksIdlenessLines) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    for (const char* mode : {"system", "percpu"}) {
        const auto both = run_side_by_side(std::string("--idle-prof=") + mode + " " + kNullJob);
        ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
        EXPECT_EQ(both.stock.exit_code, 0);
        EXPECT_EQ(both.ours.err, both.stock.err);
        const std::size_t lines = std::string(mode) == "percpu" ? 5 : 4;  // blank, title, ...
        EXPECT_EQ(last_lines(both.ours.out, lines), last_lines(both.stock.out, lines)) << both.ours.out;
        EXPECT_NE(both.ours.out.find("\nCPU idleness:\n  system: "), std::string::npos);
    }
}

TEST(IdleProfCli, JsonHasStocksCpuIdlenessObject) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const auto both = run_side_by_side(std::string("--idle-prof=percpu --output-format=json ") + kNullJob);
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    const auto ours = nlohmann::json::parse(both.ours.out);
    const auto stock = nlohmann::json::parse(both.stock.out);
    ASSERT_TRUE(ours.contains("cpu_idleness")) << both.ours.out;
    EXPECT_EQ(json_path_differences(stock["cpu_idleness"], ours["cpu_idleness"]), std::vector<std::string>{});
    std::vector<std::string> our_keys;
    for (const auto& [key, value] : ours["cpu_idleness"].items()) our_keys.push_back(key);
    std::vector<std::string> stock_keys;
    for (const auto& [key, value] : stock["cpu_idleness"].items()) stock_keys.push_back(key);
    EXPECT_EQ(our_keys, stock_keys);  // system, cpu-0..., unit_mean, unit_stddev
    const double system = ours["cpu_idleness"]["system"].get<double>();
    EXPECT_GE(system, 0.0);
    EXPECT_LE(system, 101.0);
    EXPECT_GT(ours["cpu_idleness"]["unit_mean"].get<double>(), 0.0);
}

TEST(IdleProfCli, CalibratePrintsTheUnitOfWorkAndExits) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const auto both = run_side_by_side(std::string("--idle-prof=calibrate ") + kNullJob);
    EXPECT_EQ(both.ours.exit_code, both.stock.exit_code);
    EXPECT_EQ(both.ours.err, both.stock.err);
    EXPECT_EQ(masked_lines(both.ours.out), masked_lines(both.stock.out)) << both.ours.out;
}

TEST(IdleProfCli, BadModeIsRefusedInOneLine) {
    const auto r = run_fio(std::string("--idle-prof=bogus ") + kNullJob);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(nonempty_lines(r.err).size(), 1u) << r.err;
    EXPECT_NE(r.err.find("bogus"), std::string::npos);
}

// A write job that would run for a minute, with verify so that it leaves a state file.
constexpr const char* kLongWriter =
    "--name=w --ioengine=psync --filename=data --size=1m --rw=write --verify=crc32c "
    "--runtime=60 --time_based";

TEST(TriggerCli, TimeoutStopsTheRunAndRunsTheCommand) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const auto both = run_script_side_by_side(
        std::string("$FIO --trigger-timeout=1 --trigger='echo TRIGGERED > ran' ") + kLongWriter +
        " > out 2>/dev/null; echo rc=$?; cat ran; ls local-w-0-verify.state");
    EXPECT_EQ(both.ours.out, both.stock.out);
    EXPECT_EQ(both.ours.out, "rc=0\nTRIGGERED\nlocal-w-0-verify.state\n");
}

TEST(TriggerCli, FileStopsTheRunRemovesItAndRunsTheCommand) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const auto both = run_script_side_by_side(
        std::string("(sleep 1; touch go) & $FIO --trigger-file=go --trigger='echo TRIGGERED > ran' ") +
        kLongWriter + " > out 2>/dev/null; wait; cat ran; ls go local-w-0-verify.state 2>&1 | sed 's/.*go.*/no go/'");
    EXPECT_EQ(both.ours.out, both.stock.out);
    EXPECT_EQ(both.ours.out, "TRIGGERED\nno go\nlocal-w-0-verify.state\n");
}

TEST(TriggerCli, StoppedJobIsReported) {
    const auto r = run_fio("--trigger-timeout=500ms --output-format=json "
                           "--name=x --ioengine=null --size=64m --runtime=60 --time_based");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_LT(doc["jobs"][0]["job_runtime"].get<std::int64_t>(), 30'000);
}

}  // namespace
}  // namespace fio::test
