// The engine contract as a vendor meets it (sdk/plugin.hpp, sdk/engine.hpp): what each
// descriptor flag means for verify= and files, a failed I/O told in the engine's own
// words, and a factory that throws giving one line instead of a crash.
#include "run_command.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace fio::test {
namespace {

const std::string kTestEngines = "--plugin-dir=" FIO_TEST_PLUGIN_DIR " ";

std::string refusal(const std::string& engine, const std::string& why) {
    return "fio: command line: job 'x': verify=md5 cannot check ioengine=" + engine + ": " + why + "\n";
}

TEST(EngineContractCli, VerifyIsRefusedForEnginesWhoseIosCannotBeReadBack) {
    ScratchDir dir;
    const std::string files = " --directory=" + dir.path().string() + " --nrfiles=2 --filesize=4k --bs=4k";
    struct Case {
        std::string args;
        std::string engine;
        std::string why;
    };
    const Case cases[] = {
        {"--ioengine=cpuio --cpuload=50 --runtime=1", "cpuio",
         "its I/Os move no data (kEngineNoData)"},
        {"--ioengine=exec --program=/bin/true --runtime=1", "exec",
         "its I/Os move no data (kEngineNoData)"},
        {"--ioengine=filestat --rw=read" + files, "filestat",
         "its I/Os act on the files' names, not their contents (kEngineNamesFiles)"},
        {"--ioengine=filedelete --rw=read --unlink=0" + files, "filedelete",
         "its I/Os act on the files' names, not their contents (kEngineNamesFiles)"},
        {"--ioengine=filecreate --rw=write" + files, "filecreate",
         "its I/Os create files and move none of their contents (kEngineCreatesFiles)"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.engine);
        const auto r = run_fio("--name=x --verify=md5 " + c.args, 30);
        EXPECT_EQ(r.exit_code, 1);
        EXPECT_EQ(r.err, refusal(c.engine, c.why));
        EXPECT_TRUE(r.out.empty()) << r.out;
    }
    EXPECT_TRUE(std::filesystem::is_empty(dir.path()));  // refused before anything ran
}

TEST(EngineContractCli, ADisklessEngineThatKeepsItsDataIsVerified) {
    const auto written = run_fio(kTestEngines + "--name=x --ioengine=memory --rw=randwrite --bs=4k "
                                 "--size=256k --verify=md5 --output-format=json", 60);
    ASSERT_EQ(written.exit_code, 0) << written.err;
    EXPECT_TRUE(written.err.empty()) << written.err;
    EXPECT_NE(written.out.find("\"io_bytes\" : 262144"), std::string::npos);  // read back
    // Reading what nobody wrote fails the check, as it would on a disk.
    const auto unwritten = run_fio(kTestEngines + "--name=x --ioengine=memory --rw=read --bs=4k "
                                   "--size=64k --verify=md5", 60);
    EXPECT_NE(unwritten.exit_code, 0);
    EXPECT_NE(unwritten.err.find("verify"), std::string::npos) << unwritten.err;
}

TEST(EngineContractCli, ADisklessEngineNamesTheFileOptionsItIgnores) {
    ScratchDir dir;
    // A diskless engine that keeps data ignoring the file a user named: said on stderr.
    const auto r = run_fio(kTestEngines + "--name=x --ioengine=memory --rw=write --size=64k --filename=" +
                               (dir / "never") + " --nrfiles=3 --output-format=terse",
                           30);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err,
              "fio: warning: job 'x': ioengine=memory uses no files (kEngineDiskless): filename=" +
                  (dir / "never") +
                  " is ignored\n"
                  "fio: warning: job 'x': ioengine=memory uses no files (kEngineDiskless): nrfiles=3 "
                  "is ignored\n");
    EXPECT_FALSE(std::filesystem::exists(dir / "never"));
    // Stock's cpuio and null ignore them without a word (and create nothing), and so do
    // we: file names there are habit, copied from other job files.
    for (const std::string engine : {"--ioengine=cpuio --cpuload=10 --runtime=200ms", "--ioengine=null --size=64k"}) {
        const auto quiet = run_fio("--name=x " + engine + " --filename=" + (dir / "never") +
                                   " --nrfiles=3 --output-format=terse", 30);
        EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
        EXPECT_EQ(quiet.err, "") << engine;
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "never"));
}

TEST(EngineContractCli, AFailedIoCarriesTheEnginesOwnWords) {
    const std::string job = "--rw=write --bs=4k --size=64k --name=x";
    const auto told = run_fio(kTestEngines + "--ioengine=memfail " + job, 30);
    EXPECT_EQ(told.exit_code, 1);
    EXPECT_NE(told.err.find("write error on file x: Input/output error (test medium: I/O 3 hit a "
                            "bad block): offset=8192, length=4096"),
              std::string::npos)
        << told.err;
    // Built against ABI 1.4, before io_error_text: never asked, strerror alone.
    const auto older = run_fio(kTestEngines + "--ioengine=memfail14 " + job, 30);
    EXPECT_EQ(older.exit_code, 1);
    EXPECT_NE(older.err.find("write error on file x: Input/output error: offset=8192, length=4096"),
              std::string::npos)
        << older.err;
}

TEST(EngineContractCli, AFactoryThatThrowsGivesOneLineNotACrash) {
    const auto guarded = run_fio(kTestEngines + "--name=x --ioengine=memthrows --size=64k", 30);
    EXPECT_EQ(guarded.exit_code, 1);
    EXPECT_NE(guarded.err.find("ioengine=memthrows: could not start: out of memory\n"), std::string::npos)
        << guarded.err;
    // A descriptor written by hand lets the exception out of the plugin: the host stops it.
    const auto raw = run_fio(kTestEngines + "--name=x --ioengine=memthrowsraw --size=64k", 30);
    EXPECT_EQ(raw.exit_code, 1);
    EXPECT_NE(raw.err.find("ioengine=memthrowsraw: could not start: out of memory (its factory "
                           "threw std::bad_alloc)\n"),
              std::string::npos)
        << raw.err;
}

}  // namespace
}  // namespace fio::test
