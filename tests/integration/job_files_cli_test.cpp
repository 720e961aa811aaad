// Job files end to end: the fio binary reading INI and TOML files, stdin, several
// files, and the job-file commands (--parse-only, --showcmd, --section, --convert).
#include "run_command.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace fio::test {
namespace {

using nlohmann::json;

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

json json_of(const CommandResult& r) {
    EXPECT_TRUE(json::accept(r.out)) << r.out << r.err;
    return json::accept(r.out) ? json::parse(r.out) : json::object();
}

TEST(JobFilesCli, RunsAnIniJobFile) {
    ScratchDir dir;
    write_file(dir / "j.fio", "[global]\nioengine=null\nsize=8m\n[a]\nrw=randread\n[b]\nrw=write\nbs=8k\n");
    const auto r = run_fio("--output-format=json " + (dir / "j.fio"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json_of(r);
    ASSERT_EQ(doc["jobs"].size(), 2u);
    EXPECT_EQ(doc["jobs"][0]["jobname"], "a");
    EXPECT_EQ(doc["jobs"][0]["read"]["total_ios"].get<int>(), 2048);
    EXPECT_EQ(doc["jobs"][1]["write"]["total_ios"].get<int>(), 1024);
}

TEST(JobFilesCli, ReadsAJobFileFromStdinAndSeveralFiles) {
    ScratchDir dir;
    write_file(dir / "one.fio", "[one]\nioengine=null\nsize=1m\n");
    const auto r = run_shell("printf '[two]\\nioengine=null\\nsize=2m\\n' | " + std::string(FIO_BINARY) +
                             " --output-format=json " + (dir / "one.fio") + " -");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json_of(r);
    ASSERT_EQ(doc["jobs"].size(), 2u);
    EXPECT_EQ(doc["jobs"][1]["jobname"], "two");
    EXPECT_EQ(doc["jobs"][1]["read"]["io_bytes"].get<int>(), 2097152);
}

TEST(JobFilesCli, CommandLineGlobalsApplyToJobFileJobs) {
    ScratchDir dir;
    write_file(dir / "j.fio", "[a]\nioengine=null\n");
    const auto r = run_fio("--size=4m --bs=64k --output-format=json " + (dir / "j.fio"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(json_of(r)["jobs"][0]["read"]["total_ios"].get<int>(), 64);
}

TEST(JobFilesCli, RunsATomlJobFile) {
    ScratchDir dir;
    write_file(dir / "j.toml", "[global]\nioengine = \"null\"\nsize = \"4m\"\n\n[t]\nrw = \"randwrite\"\nbs = 16384\n");
    const auto r = run_fio("--output-format=json " + (dir / "j.toml"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(json_of(r)["jobs"][0]["write"]["total_ios"].get<int>(), 256);
}

TEST(JobFilesCli, UnknownOptionIsOneLineWithFileLineAndHint) {
    ScratchDir dir;
    const std::string file = dir / "bad.fio";
    write_file(file, "[a]\nioengine=null\nsize=1m\niodpeth=4\n");
    const auto r = run_fio("--parse-only " + file);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "fio: " + file + ":4: unknown option 'iodpeth' (did you mean 'iodepth'?)\n");
    EXPECT_TRUE(r.out.empty());
}

TEST(JobFilesCli, BadValueAndMissingFileAreOneLineErrors) {
    ScratchDir dir;
    const std::string file = dir / "bad.fio";
    write_file(file, "[a]\nbs=4q\n");
    auto r = run_fio(file);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err.rfind("fio: " + file + ":2: option 'bs': '4q' is not a size", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
    r = run_fio(dir / "nothere.fio");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "fio: " + (dir / "nothere.fio") + ": cannot read the job file: no such file\n");
}

TEST(JobFilesCli, ParseOnlyRunsNothing) {
    ScratchDir dir;
    write_file(dir / "j.fio", "[a]\nioengine=psync\nsize=1m\nfilename=" + (dir / "data") + "\n");
    const auto r = run_fio("--parse-only " + (dir / "j.fio"));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_FALSE(std::filesystem::exists(dir / "data"));
}

TEST(JobFilesCli, ShowcmdSectionAndConvert) {
    ScratchDir dir;
    write_file(dir / "j.fio", "[global]\nsize=1m\n[a]\nrw=read\n[b]\nrw=write\ntime_based\n");
    auto r = run_fio("--showcmd --section=b " + (dir / "j.fio"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "fio --size=1m --name=b --rw=write --time_based\n");
    r = run_fio("--convert=toml " + (dir / "j.fio"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "[global]\nsize = '1m'\n\n[a]\nrw = 'read'\n\n[b]\nrw = 'write'\ntime_based = true\n\n");
}

TEST(JobFilesCli, ReadonlyRefusesWriters) {
    ScratchDir dir;
    write_file(dir / "j.fio", "[w]\nioengine=null\nsize=1m\nrw=write\n");
    const auto r = run_fio("--readonly " + (dir / "j.fio"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("job 'w' writes (rw=write), but --readonly is set"), std::string::npos) << r.err;
}

TEST(JobFilesCli, StonewallMakesGroupsAndGroupReportingMergesClones) {
    ScratchDir dir;
    write_file(dir / "j.fio",
               "[global]\nioengine=null\nsize=4m\n"
               "[first]\nnumjobs=3\ngroup_reporting\n"
               "[second]\nstonewall\nrw=write\n");
    const auto r = run_fio("--output-format=json " + (dir / "j.fio"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json_of(r);
    ASSERT_EQ(doc["jobs"].size(), 2u);
    EXPECT_EQ(doc["jobs"][0]["groupid"].get<int>(), 0);
    EXPECT_EQ(doc["jobs"][0]["read"]["total_ios"].get<int>(), 3 * 1024);
    EXPECT_EQ(doc["jobs"][1]["groupid"].get<int>(), 1);
    EXPECT_EQ(doc["jobs"][1]["write"]["total_ios"].get<int>(), 1024);
}

TEST(JobFilesCli, CmdhelpAndEnghelp) {
    auto r = run_fio("--cmdhelp=blocksize");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("bs: "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("alias: blocksize"), std::string::npos) << r.out;
    r = run_fio("--cmdhelp=iodpeth");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("did you mean 'iodepth'?"), std::string::npos) << r.err;
    r = run_fio("--enghelp");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("\tpsync\n"), std::string::npos) << r.out;
    r = run_fio(std::string("--plugin-dir=") + FIO_TEST_PLUGIN_DIR + " --enghelp=testgood,test_flag");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("test_flag: A flag that does nothing"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace fio::test

namespace fio::test {
namespace {

TEST(OptionsDoc, DocsOptionsMdIsTheGeneratedTable) {
    const auto r = run_fio("--options-markdown");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string committed = read_file(std::string(FIO_SOURCE_DIR) + "/docs/options.md");
    EXPECT_TRUE(committed == r.out)
        << "docs/options.md is stale: regenerate with build/release/bin/fio --options-markdown "
           "> docs/options.md";
    for (const char* row : {"| `bs` | blocksize |", "| `verify` |", "| `fixedbufs` |",
                            "supported", "refused: ", "warning: "}) {
        EXPECT_NE(r.out.find(row), std::string::npos) << row;
    }
}

}  // namespace
}  // namespace fio::test

namespace fio::test {
namespace {

json run_json(const std::string& args) {
    const auto r = run_fio(args + " --output-format=json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json_of(r)["jobs"][0];
}

TEST(WorkloadOptions, IoSizeAndLoopsSetTheBytesMoved) {
    EXPECT_EQ(run_json("--name=t --ioengine=null --size=1m --io_size=5m")["read"]["io_bytes"].get<long>(),
              5 * 1048576);
    EXPECT_EQ(run_json("--name=t --ioengine=null --size=1m --loops=3")["read"]["io_bytes"].get<long>(),
              3 * 1048576);
    EXPECT_EQ(run_json("--name=t --ioengine=null --size=4m --io_limit=1m --loops=2")["read"]["io_bytes"]
                  .get<long>(),
              2 * 1048576);
}

TEST(WorkloadOptions, FilesizeSizesEachFileAndSizeStopsAtItsEnd) {
    ScratchDir dir;
    const std::string where = " --directory=" + dir.path().string();
    EXPECT_EQ(run_json("--name=t --ioengine=psync --filesize=2m" + where)["read"]["io_bytes"].get<long>(),
              2 * 1048576);
    EXPECT_EQ(std::filesystem::file_size(dir / "t.0.0"), 2u * 1048576);
    // As stock 3.33: size= larger than filesize= does one pass (io_size= would do more).
    EXPECT_EQ(run_json("--name=u --ioengine=psync --filesize=1m --size=3m" + where)["read"]["io_bytes"]
                  .get<long>(),
              1048576);
    EXPECT_EQ(std::filesystem::file_size(dir / "u.0.0"), 1048576u);
    EXPECT_EQ(run_json("--name=w --ioengine=psync --filesize=1m --io_size=3m" + where)["read"]["io_bytes"]
                  .get<long>(),
              3 * 1048576);
    // The region runs from offset= to filesize=: 8 writes of 4 KiB, and the file stays
    // at 64 KiB (it was 16 writes and a 96 KiB file).
    EXPECT_EQ(run_json("--name=c --rw=write --size=64k --filesize=64k --offset=32k" + where)["write"]
                  ["total_ios"].get<long>(),
              8);
    EXPECT_EQ(std::filesystem::file_size(dir / "c.0.0"), 65536u);
    const auto past = run_fio("--name=p --rw=write --size=64k --filesize=64k --offset=64k" + where);
    EXPECT_EQ(past.exit_code, 1);
    EXPECT_NE(past.err.find("offset 65536 leaves nothing of each file: filesize= is 65536 bytes"),
              std::string::npos) << past.err;
    const auto r = run_fio("--name=v --ioengine=psync --filesize=1m-4m" + where);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("random file sizes from a range are not implemented yet"), std::string::npos)
        << r.err;
}

TEST(WorkloadOptions, NrfilesAndFilenameFormatMakeTheFiles) {
    ScratchDir dir;
    const std::string where = " --directory=" + dir.path().string();
    EXPECT_EQ(run_json("--name=t --ioengine=psync --size=4m --nrfiles=4" + where)["read"]["io_bytes"]
                  .get<long>(),
              4 * 1048576);
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(std::filesystem::file_size(dir / ("t.0." + std::to_string(i))), 1048576u) << i;
    }
    const auto r = run_fio("--name=f --ioengine=psync --size=64k --nrfiles=2 --numjobs=2 "
                           "--filename_format='data.$jobname.$jobnum.$filenum'" + where);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* name : {"data.f.0.0", "data.f.0.1", "data.f.1.0", "data.f.1.1"}) {
        EXPECT_TRUE(std::filesystem::exists(dir / name)) << name;
    }
}

TEST(WorkloadOptions, OffsetMovesTheRegionIntoTheFile) {
    ScratchDir dir;
    const std::string file = " --filename=" + (dir / "f");
    EXPECT_EQ(run_json("--name=w --ioengine=psync --rw=write --size=1m --offset=3m" + file)["write"]
                  ["io_bytes"].get<long>(),
              1048576);
    EXPECT_EQ(std::filesystem::file_size(dir / "f"), 4u * 1048576);  // offset + size
    // Without size, the region runs from the offset to the end of the file.
    EXPECT_EQ(run_json("--name=r --ioengine=psync --offset=1m" + file)["read"]["io_bytes"].get<long>(),
              3 * 1048576);
    auto r = run_fio("--name=p --ioengine=psync --offset=5m" + file);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("offset 5242880 is past the end of"), std::string::npos) << r.err;
    r = run_fio("--name=d --ioengine=psync --size=1m --offset=1000 --direct=1" + file);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("direct=1 needs offset to be a multiple of the device's logical block size"),
              std::string::npos)
        << r.err;
}

TEST(WorkloadOptions, RampTimeIsNotMeasuredAndRuntimeFollowsIt) {
    const json job = run_json("--name=t --ioengine=null --size=1m --time_based --runtime=1 --ramp_time=1");
    EXPECT_GE(job["read"]["runtime"].get<long>(), 1000);
    EXPECT_LT(job["read"]["runtime"].get<long>(), 1500);  // the ramp second is not in it
    EXPECT_GE(job["elapsed"].get<long>(), 2);
}

TEST(WorkloadOptions, StartdelayWaitsBeforeTheJob) {
    const json job = run_json("--name=t --ioengine=null --size=1m --startdelay=1");
    EXPECT_GE(job["elapsed"].get<long>(), 1);
    EXPECT_LT(job["job_runtime"].get<long>(), 1000);  // the delay is not runtime
}

TEST(WorkloadOptions, RwmixwriteAndBuffered) {
    const json job = run_json("--name=t --ioengine=null --size=1m --rw=randrw --rwmixwrite=100");
    EXPECT_EQ(job["read"]["total_ios"].get<long>(), 0);
    EXPECT_EQ(job["write"]["total_ios"].get<long>(), 256);
    const auto r = run_fio("--name=t --size=1m --buffered=0 --showcmd");
    EXPECT_EQ(r.out, "fio --name=t --size=1m --buffered=0\n");
}

// Stock fio names a job after its section, or a name= inside it; name= in [global]
// names nothing.
TEST(JobFilesCli, JobsAreNamedByTheirSectionNotByAGlobalName) {
    ScratchDir dir;
    write_file(dir / "n.fio", "[global]\nname=gname\nioengine=null\nsize=4k\n[sect]\n[sect2]\nname=inner\n");
    const auto r = run_fio("--output-format=json " + (dir / "n.fio"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json report = json::parse(r.out);
    ASSERT_EQ(report["jobs"].size(), 2u);
    EXPECT_EQ(report["jobs"][0]["jobname"], "sect");
    EXPECT_EQ(report["jobs"][1]["jobname"], "inner");
}

// As stock fio, --showcmd names every core option by its primary name.
TEST(JobFilesCli, ShowcmdWritesPrimaryNamesForAliases) {
    const auto r = run_fio("--name=t --blocksize=8k --timeout=5 --ratemin=1m --blockalign=4k "
                           "--iodepth_batch_submit=4 --nr_files=2 --ss=iops:1% --showcmd");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "fio --name=t --bs=8k --runtime=5 --rate_min=1m --ba=4k --iodepth_batch=4 "
                     "--nrfiles=2 --steadystate=iops:1%\n");
}

TEST(WorkloadOptions, RefusedOptionsNameThemselvesAndDefaultsAreAccepted) {
    auto r = run_fio("--name=t --ioengine=null --size=1m --block_error_percentiles=1");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("command line: option 'block_error_percentiles' is not supported: "),
              std::string::npos)
        << r.err;
    r = run_fio("--name=t --ioengine=null --size=1m --block_error_percentiles=0 --output-format=json");
    EXPECT_EQ(r.exit_code, 0) << r.err;  // restates the default: harmless
    r = run_fio("--name=t --ioengine=psync --size=1m --fixedbufs --parse-only");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("option 'fixedbufs' belongs to ioengine=io_uring"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("not ioengine=psync"), std::string::npos) << r.err;
    r = run_fio("--name=t --ioengine=null --size=1m --flow_watermark=1 --output-format=json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("fio: warning: option 'flow_watermark' has no effect here"),
              std::string::npos) << r.err;
}

}  // namespace
}  // namespace fio::test
