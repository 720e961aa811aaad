// experimental_verify=1: the check phase replays the workload (stock fio resets its
// random generators) instead of reading a list of written blocks. Each write is read
// back in the order it was written; a block written again later in the same pass
// fails its first check ("bad header numberio"), as with stock.
#include "first_job.hpp"
#include "run_command.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace fio::test {
namespace {

using nlohmann::json;

std::uint64_t kib(const json& job, const char* direction) {
    return job[direction]["io_kbytes"].get<std::uint64_t>();
}

// Runs `options` on a file of `dir` with experimental verification; expects success
// and returns the job.
json verified(const ScratchDir& dir, const std::string& options) {
    const auto r = run_fio("--name=ev --filename=" + dir / "data" +
                           " --verify=crc32c --experimental_verify=1 --output-format=json " +
                           options, 60);
    EXPECT_EQ(r.exit_code, 0) << options << "\n" << r.err;
    EXPECT_EQ(r.err, "") << options;
    const json job = first_job(r);
    EXPECT_EQ(job["error"].get<int>(), 0) << options;
    return job;
}

TEST(ExperimentalVerifyCli, StockSuiteJobT0025ReadsBackWhatItWrote) {
    ScratchDir dir;
    const json job = verified(dir, "--rw=write --bs=4k --size=128k");
    EXPECT_EQ(kib(job, "write"), 128u);
    EXPECT_EQ(kib(job, "read"), 128u);
}

TEST(ExperimentalVerifyCli, RandomWorkloadsReplayExactly) {
    ScratchDir dir;
    for (const std::string options :
         {"--rw=randwrite --bs=4k --size=256k --loops=3",                      // each loop
          "--rw=randwrite --bsrange=4k-16k --size=256k --loops=2",             // varying sizes
          "--rw=randwrite --bssplit=4k/30:12k/70 --size=256k --io_size=1m",    // four passes
          "--rw=randwrite --bs=4k --size=96k --nrfiles=3 --io_size=384k",      // files in turn
          "--rw=randwrite --bs=4k --size=64k --io_size=200k --loops=2",        // a part pass
          "--rw=randwrite --bs=4k --size=256k --ioengine=libaio --iodepth=16 --direct=1"}) {
        SCOPED_TRACE(options);
        const json job = verified(dir, options);
        EXPECT_GT(kib(job, "write"), 0u);
        EXPECT_EQ(kib(job, "read"), kib(job, "write"));
    }
}

TEST(ExperimentalVerifyCli, MixedJobsCheckOnlyTheirWritesEvenWhenTheRateSteers) {
    // rate_iops=500 for reads, 2000 for writes: the pacer turns reads into writes
    // when reads are ahead, by the clock; the replay repeats those turns.
    ScratchDir dir;
    const json job = verified(dir, "--rw=randrw --bs=4k --size=256k --rate_iops=500,2000");
    const json plain = verified(dir, "--rw=randrw --bs=4k --size=256k");
    // Reads of the workload plus one check per written block.
    EXPECT_EQ(kib(job, "read"), 256u);
    EXPECT_EQ(kib(plain, "read"), 256u);
    EXPECT_GT(kib(job, "write"), kib(plain, "write"));  // steered towards writes
}

TEST(ExperimentalVerifyCli, ABlockWrittenTwiceInAPassFailsLikeStock) {
    // norandommap rewrites blocks: the replay checks the first write of a block that
    // holds a later one. The standard scheme checks only the last write and passes.
    ScratchDir dir;
    const std::string job = "--name=ev --filename=" + dir / "data" +
                            " --rw=randwrite --bs=4k --size=32k --norandommap --verify=md5 "
                            "--output-format=json";
    const auto standard = run_fio(job);
    EXPECT_EQ(standard.exit_code, 0) << standard.err;
    const auto r = run_fio(job + " --experimental_verify=1");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(first_job(r)["error"].get<int>(), 84);  // EILSEQ
    EXPECT_NE(r.err.find("verify: bad header numberio "), std::string::npos) << r.err;
}

TEST(ExperimentalVerifyCli, ACorruptedBlockIsReportedAsTheStandardSchemeReportsIt) {
    ScratchDir dir;
    const std::string file = dir / "data";
    const std::string job = "--name=ev --filename=" + file +
                            " --rw=randwrite --bs=4k --size=64k --verify=crc32c";
    ASSERT_EQ(run_fio(job + " --do_verify=0").exit_code, 0);
    ASSERT_EQ(run_shell("printf X | dd of=" + file +
                        " bs=1 seek=20000 conv=notrunc status=none").exit_code, 0);
    for (const char* scheme : {"0", "1"}) {
        SCOPED_TRACE(std::string("experimental_verify=") + scheme);
        const auto r = run_fio(job + " --verify_only=1 --output-format=json "
                                     "--experimental_verify=" + std::string(scheme));
        EXPECT_EQ(r.exit_code, 1);
        EXPECT_EQ(first_job(r)["error"].get<int>(), 84);
        EXPECT_NE(r.err.find("crc32c: verify failed at file " + file +
                             " offset 16384, length 4096 (requested block: offset=16384, "
                             "length=4096)"),
                  std::string::npos)
            << r.err;
    }
}

TEST(ExperimentalVerifyCli, TrimsAreRefusedInOneLine) {
    const auto r = run_fio("--name=ev --ioengine=null --rw=randtrim --size=64k --verify=md5 "
                           "--experimental_verify=1");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("command line: job 'ev': experimental_verify with trims is not "
                         "supported"),
              std::string::npos)
        << r.err;
}

}  // namespace
}  // namespace fio::test
