// End to end: I/O errors that come from the outside world during a job. A file that
// another process truncates, or a block device that shrinks, while a job reads it:
// every engine reports it as an I/O error (EIO) under the error options, with a
// one-line message naming the file and offset, valid JSON, and no hang or crash.
//
// Stock fio 3.33 differs here, and is worse: its sync engines end the job with EIO
// ("full resid"), its async engines count the empty reads as done I/Os and run on, and
// with mmap the job dies of SIGBUS.
#include "loop_device.hpp"
#include "run_command.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace fio::test {
namespace {

using nlohmann::json;

constexpr const char* kFileEngines[] = {"sync",   "psync",    "vsync", "pvsync",  "pvsync2",
                                        "libaio", "io_uring", "mmap",  "posixaio"};

// Runs fio on `target` in the background and, once the job has the target open (its
// layout is done), waits half a second, by when its I/O is under way (the loop notes
// each file's size as it starts), and runs `shrink` on it. The JSON goes to stdout.
CommandResult run_and_shrink(const std::string& fio_args, const std::string& target,
                             const std::string& shrink) {
    const std::string script =
        std::string(FIO_BINARY) + " " + fio_args + " --output-format=json & pid=$!; " +
        "while ! ls -l /proc/$pid/fd 2>/dev/null | grep -q '" + target +
        "'; do kill -0 $pid 2>/dev/null || break; sleep 0.02; done; sleep 0.5; " + shrink +
        "; wait $pid";
    return run_shell(script, 60);
}

json job_of(const CommandResult& r) {
    EXPECT_TRUE(json::accept(r.out)) << "not JSON:\n" << r.out << "\nstderr:\n" << r.err;
    return json::accept(r.out) ? json::parse(r.out)["jobs"][0] : json::object();
}

class TruncatedFile : public ::testing::TestWithParam<const char*> {};

TEST_P(TruncatedFile, EndsTheJobWithEioNamingTheFile) {
    ScratchDir dir;
    const std::string file = dir / "data";
    ASSERT_EQ(run_shell("fallocate -l 16M " + file).exit_code, 0);
    const auto r = run_and_shrink(std::string("--name=t --rw=randread --bs=4k --iodepth=8 "
                                              "--time_based --runtime=10 --ioengine=") +
                                      GetParam() + " --filename=" + file,
                                  file, "truncate -s 0 " + file);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    const json job = job_of(r);
    EXPECT_EQ(job["error"].get<int>(), 5);
    EXPECT_LT(job["job_runtime"].get<int>(), 9000) << "the error did not end the job";
    EXPECT_NE(r.err.find("fio: job 't': read error on file " + file + ": Input/output error"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line expected:\n" << r.err;
}

TEST_P(TruncatedFile, UnderContinueOnErrorCountsTheErrorsAndRunsToItsEnd) {
    ScratchDir dir;
    const std::string file = dir / "data";
    ASSERT_EQ(run_shell("fallocate -l 16M " + file).exit_code, 0);
    const auto r = run_and_shrink(std::string("--name=t --rw=randread --bs=4k --iodepth=8 "
                                              "--time_based --runtime=2 --continue_on_error=read "
                                              "--ioengine=") +
                                      GetParam() + " --filename=" + file,
                                  file, "truncate -s 0 " + file);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const json job = job_of(r);
    EXPECT_GE(job["job_runtime"].get<int>(), 1900);
    EXPECT_GT(job["total_err"].get<std::uint64_t>(), 0u);
    EXPECT_EQ(job["first_error"].get<int>(), 5);
    EXPECT_EQ(job["read"]["short_ios"].get<std::uint64_t>(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Engines, TruncatedFile, ::testing::ValuesIn(kFileEngines));

// The loop driver takes a smaller backing file as the device's new size: reads past it
// then transfer nothing, buffered or direct.
TEST(ShrunkBlockDevice, ReadsPastItsNewEndFailWithEio) {
    for (const char* engine : {"psync", "libaio", "io_uring", "posixaio"}) {
        for (const char* direct : {"0", "1"}) {
            SCOPED_TRACE(std::string(engine) + " direct=" + direct);
            LoopDevice loop([](const std::string& image) {
                ASSERT_EQ(run_shell("truncate -s 16M " + image).exit_code, 0);
            });
            if (!loop.ready()) GTEST_SKIP() << "cannot attach a loop device here (needs root)";
            const auto r = run_and_shrink(
                std::string("--name=t --rw=randread --bs=4k --iodepth=4 --time_based "
                            "--runtime=10 --ioengine=") +
                    engine + " --direct=" + direct + " --filename=" + loop.device(),
                loop.device(), "truncate -s 1M " + loop.image() + "; losetup -c " + loop.device());
            EXPECT_EQ(r.exit_code, 1) << r.err;
            const json job = job_of(r);
            EXPECT_EQ(job["error"].get<int>(), 5);
            EXPECT_LT(job["job_runtime"].get<int>(), 9000);
            EXPECT_NE(r.err.find("read error on file " + loop.device()), std::string::npos)
                << r.err;
        }
    }
}

}  // namespace
}  // namespace fio::test
