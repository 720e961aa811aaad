// End-to-end: the built fio binary driven through its command line.
#include "run_command.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace fio::test {
namespace {

using nlohmann::json;

json parse_json_or_fail(const CommandResult& r) {
    EXPECT_TRUE(json::accept(r.out)) << "not JSON:\n" << r.out << "\nstderr:\n" << r.err;
    return json::accept(r.out) ? json::parse(r.out) : json::object();
}

TEST(Cli, NullRandomRead1GiBReportsEveryBlockInJson) {
    const auto r = run_fio("--name=t --ioengine=null --rw=randread --size=1g --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = parse_json_or_fail(r);
    ASSERT_EQ(doc["jobs"].size(), 1u);
    const json& read = doc["jobs"][0]["read"];
    EXPECT_EQ(read["total_ios"].get<std::uint64_t>(), 262144u);
    EXPECT_EQ(read["io_bytes"].get<std::uint64_t>(), 1073741824u);
    EXPECT_EQ(read["clat_ns"]["N"].get<std::uint64_t>(), 262144u);
    EXPECT_EQ(doc["jobs"][0]["write"]["total_ios"].get<std::uint64_t>(), 0u);
    EXPECT_EQ(doc["jobs"][0]["jobname"], "t");
    EXPECT_EQ(doc["fio version"], "fio-3.33");
}

TEST(Cli, PsyncWriteThenRandomReadMovesExactly32MiB) {
    ScratchDir dir;
    const std::string file = dir / "data";
    const auto w = run_fio("--name=w --ioengine=psync --rw=write --bs=64k --size=32m --filename=" +
                           file + " --output-format=json");
    ASSERT_EQ(w.exit_code, 0) << w.err;
    EXPECT_EQ(parse_json_or_fail(w)["jobs"][0]["write"]["io_bytes"].get<std::uint64_t>(), 33554432u);
    EXPECT_EQ(std::filesystem::file_size(file), 33554432u);

    const auto r = run_fio("--name=r --ioengine=psync --rw=randread --bs=4k --size=32m --filename=" +
                           file + " --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json read = parse_json_or_fail(r)["jobs"][0]["read"];
    EXPECT_EQ(read["io_bytes"].get<std::uint64_t>(), 33554432u);
    EXPECT_EQ(read["total_ios"].get<std::uint64_t>(), 8192u);
    EXPECT_EQ(read["short_ios"].get<std::uint64_t>(), 0u);
}

TEST(Cli, SyncEngineLaysOutAMissingFileBeforeReading) {
    ScratchDir dir;
    const auto r = run_fio("--name=s --ioengine=sync --rw=read --size=4m --directory=" +
                           dir.path().string() + " --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parse_json_or_fail(r)["jobs"][0]["read"]["io_bytes"].get<std::uint64_t>(), 4194304u);
    // fio's default file name: <job>.<clone>.<file>
    EXPECT_EQ(std::filesystem::file_size(dir / "s.0.0"), 4194304u);
}

TEST(Cli, NumjobsRunsOneReportedJobPerClone) {
    const auto r = run_fio("--name=c --ioengine=null --rw=read --size=16m --numjobs=3 "
                           "--output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = parse_json_or_fail(r);
    ASSERT_EQ(doc["jobs"].size(), 3u);
    for (const auto& job : doc["jobs"]) {
        EXPECT_EQ(job["read"]["io_bytes"].get<std::uint64_t>(), 16777216u);
    }
}

TEST(Cli, GlobalOptionsBeforeTheFirstNameApplyToEveryJob) {
    const auto r = run_fio("--ioengine=null --size=8m --bs=8k --name=a --rw=read --name=b "
                           "--rw=write --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = parse_json_or_fail(r);
    ASSERT_EQ(doc["jobs"].size(), 2u);
    EXPECT_EQ(doc["jobs"][0]["read"]["total_ios"].get<std::uint64_t>(), 1024u);
    EXPECT_EQ(doc["jobs"][1]["write"]["total_ios"].get<std::uint64_t>(), 1024u);
}

TEST(Cli, TimeBasedRunsForTheRuntime) {
    const auto r = run_fio("--name=t --ioengine=null --rw=randread --size=1m --runtime=1 "
                           "--time_based --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json job = parse_json_or_fail(r)["jobs"][0];
    const auto runtime = job["read"]["runtime"].get<std::uint64_t>();
    EXPECT_GE(runtime, 1000u);
    EXPECT_LT(runtime, 3000u);
    // Many passes over a 1 MiB region: far more I/O than one pass.
    EXPECT_GT(job["read"]["io_bytes"].get<std::uint64_t>(), 10u * 1048576u);
}

TEST(Cli, MissingEngineIsOneClearLineAndExitCode1) {
    const auto r = run_fio("--name=t --ioengine=nosuch --size=1m");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("no engine named 'nosuch'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("job 't'"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(Cli, MisspelledOptionGetsADidYouMean) {
    const auto r = run_fio("--name=t --ioengine=null --size=1m --iodpeth=4");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("unknown option 'iodpeth' (did you mean 'iodepth'?)"), std::string::npos)
        << r.err;
}

TEST(Cli, BadSizeValueNamesTheOptionAndTheText) {
    const auto r = run_fio("--name=t --ioengine=null --size=1m --bs=4q");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("option 'bs'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("'4q'"), std::string::npos) << r.err;
}

TEST(Cli, SizeIsRequiredForDisklessEngines) {
    const auto r = run_fio("--name=t --ioengine=null");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("size= or filesize= is required with ioengine=null"), std::string::npos)
        << r.err;
}

TEST(Cli, UnknownOutputFormatIsRefusedBeforeAnyJob) {
    const auto r = run_fio("--name=t --ioengine=null --size=1m --output-format=xml");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("--output-format=xml"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("no output named 'xml'"), std::string::npos) << r.err;
}

TEST(Cli, NormalReportHasTheReadLineAndGroupStatus) {
    const auto r = run_fio("--name=t --ioengine=null --rw=randread --size=64m");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("t: (g=0): rw=randread"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  read: IOPS="), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("clat percentiles (nsec):"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Run status group 0 (all jobs):"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("io=64.0MiB (67.1MB)"), std::string::npos) << r.out;
}

TEST(Cli, TextIsAnAliasOfNormalAndOutputGoesToTheFile) {
    ScratchDir dir;
    const std::string report = dir / "report.txt";
    const auto r = run_fio("--name=t --ioengine=null --size=4m --output-format=text --output=" + report);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_NE(read_file(report).find("Run status group 0"), std::string::npos);
}

TEST(Cli, ProgressLineAppearsOnStderrWhenForced) {
    const auto r = run_fio("--name=t --ioengine=null --rw=randread --size=1m --runtime=2 "
                           "--time_based --eta=always --output-format=json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("Jobs: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("[r(1)]"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(" IOPS]"), std::string::npos) << r.err;
    EXPECT_TRUE(nlohmann::json::accept(r.out));  // stdout stays pure JSON
}

TEST(Cli, NoProgressLineWhenStderrIsNotATerminal) {
    const auto r = run_fio("--name=t --ioengine=null --size=1m --runtime=1 --time_based");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err.find("Jobs: "), std::string::npos) << r.err;
}

TEST(Cli, AFileShorterThanTheJobIsExtendedBeforeReading) {
    ScratchDir dir;
    const std::string file = dir / "short";
    ASSERT_EQ(run_fio("--name=w --ioengine=psync --rw=write --size=1m --filename=" + file).exit_code, 0);
    std::filesystem::resize_file(file, 4096);
    const auto r = run_fio("--name=r --ioengine=psync --rw=read --size=1m --filename=" + file +
                           " --output-format=json");
    // As stock fio does, the missing part is laid out, so every read is whole.
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(std::filesystem::file_size(file), 1048576u);
    EXPECT_EQ(parse_json_or_fail(r)["jobs"][0]["read"]["io_bytes"].get<std::uint64_t>(), 1048576u);
}

TEST(Cli, BinaryLinksNoEngineLibrary) {
    const auto r = run_shell(std::string("ldd ") + FIO_BINARY);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find("liburing"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("libaio"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("libssl"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("libcrypto"), std::string::npos) << r.out;
}

TEST(Cli, ListPluginsShowsTheShippedPlugins) {
    const auto r = run_fio("--list-plugins");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* expected : {"fio-engine-null.so", "fio-engine-sync.so", "fio-engine-psync.so",
                                 "fio-output-normal.so", "fio-output-json.so"}) {
        EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
    }
    EXPECT_EQ(r.out.find("refused"), std::string::npos) << r.out;
}

TEST(Cli, ListPluginsExplainsEveryRefusalAndKeepsGoing) {
    const auto r = run_fio(std::string("--list-plugins --plugin-dir=") + FIO_TEST_PLUGIN_DIR);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("fio-engine-testgood.so"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("bad magic"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("ABI 2.0"), std::string::npos) << r.out;  // abimajor
    EXPECT_NE(r.out.find("ABI 1.6"), std::string::npos) << r.out;  // abiminor, newer than ours
    EXPECT_NE(r.out.find("does not export 'fio_plugin_entry'"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("fio-engine-psync.so"), std::string::npos) << r.out;  // still listed
}

TEST(Cli, AnEngineGivenByPathIsLoadedFromThatFile) {
    const auto r = run_fio(std::string("--name=t --size=1m --output-format=json --ioengine=") +
                           FIO_TEST_PLUGIN_DIR + "/fio-engine-testgood.so --test_flag=1");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(parse_json_or_fail(r)["jobs"][0]["read"]["total_ios"].get<std::uint64_t>(), 256u);
}

TEST(Cli, EngineOptionsAreRefusedForOtherEngines) {
    const auto r = run_fio("--name=t --size=1m --ioengine=null --test_flag=1");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("unknown option 'test_flag'"), std::string::npos) << r.err;
}

TEST(Cli, ARefusedPluginIsAClearErrorWhenAJobNamesIt) {
    const auto r = run_fio(std::string("--name=t --size=1m --plugin-dir=") + FIO_TEST_PLUGIN_DIR +
                           " --ioengine=abimajor");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("fio-engine-abimajor.so"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("rebuild the plugin"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace fio::test
