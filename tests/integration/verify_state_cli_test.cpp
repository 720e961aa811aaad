// Verify state files (verify_state_save, verify_state_load), side by side with stock fio
// 3.33: the files a verifying write job leaves, and a later check-only run that checks
// no further than the saved job wrote.
#include "stock_compare.hpp"

#include <gtest/gtest.h>

#include <string>

namespace fio::test {
namespace {

class VerifyStateCli : public ::testing::Test {
protected:
    void SetUp() override {
        if (!stock_available()) GTEST_SKIP() << "stock fio is not installed";
    }
};

void expect_same_exit_and_quiet(const SideBySide& run) {
    EXPECT_EQ(run.ours.exit_code, run.stock.exit_code) << run.ours.err << "\n--\n" << run.stock.err;
    if (run.stock.err.empty()) {
        EXPECT_EQ(run.ours.err, "");
    }
}

// The names of the state files a run leaves, one a line.
constexpr const char* kListStateFiles = "ls *-verify.state 2>/dev/null | sort";

TEST_F(VerifyStateCli, VerifyingWriteJobsLeaveStocksStateFiles) {
    // Two clones of a job, a '/' in a name, a job that reads, one without verify and one
    // with verify_state_save=0: only the verifying writers leave files, numbered by
    // their place among the run's job threads. The clones write their own halves of fa
    // (offset_increment): in one region, a clone could verify blocks its twin had just
    // rewritten with another seed, a race stock only escapes by starting clones slowly.
    // The reader waits for the writers (stonewall) and checks the first clone's half.
    const std::string job = "[a]\\nfilename=fa\\nsize=16k\\noffset_increment=16k\\nrw=write\\n"
                            "verify=md5\\nnumjobs=2\\n"
                            "[b/c]\\nfilename=fb\\nsize=16k\\nrw=randrw\\nverify=crc32c\\n"
                            "[d]\\nfilename=fd\\nsize=16k\\nrw=write\\n"
                            "[e]\\nfilename=fe\\nsize=16k\\nrw=write\\nverify=crc32c\\n"
                            "verify_state_save=0\\n"
                            "[f]\\nstonewall\\nfilename=fa\\nsize=16k\\nrw=read\\nverify=md5\\n";
    const auto run = run_script_side_by_side("printf '" + job + "' > j.fio && $FIO j.fio >/dev/null && " +
                                             kListStateFiles);
    expect_same_exit_and_quiet(run);
    EXPECT_EQ(run.ours.out, "local-a-0-verify.state\nlocal-a-1-verify.state\nlocal-b.c-2-verify.state\n");
    EXPECT_EQ(run.ours.out, run.stock.out);
}

// The first 16 KiB of a 64 KiB file written with headers, the rest zeros: a full check
// fails at 16 KiB, a check under the saved state stops there and passes.
constexpr const char* kPartialWrite =
    "$FIO --name=vj --filename=f --size=64k --io_size=16k --bs=4k --rw=write --verify=crc32c "
    "--do_verify=0 >/dev/null";
constexpr const char* kCheckOnly =
    "$FIO --name=vj --filename=f --size=64k --bs=4k --rw=read --verify=crc32c --output-format=json";

TEST_F(VerifyStateCli, LoadedStateChecksOnlyWhatTheSavedJobWrote) {
    const auto run = run_script_side_by_side(std::string(kPartialWrite) + " && " + kCheckOnly +
                                             " --verify_state_load=1");
    expect_same_exit_and_quiet(run);
    ASSERT_EQ(run.ours.exit_code, 0) << run.ours.err;
    const auto ours = nlohmann::json::parse(run.ours.out);
    const auto stock = nlohmann::json::parse(run.stock.out);
    EXPECT_EQ(ours["jobs"][0]["read"]["io_bytes"].get<std::uint64_t>(), 16384u);
    EXPECT_EQ(ours["jobs"][0]["read"]["io_bytes"], stock["jobs"][0]["read"]["io_bytes"]);
    EXPECT_EQ(ours["jobs"][0]["error"].get<int>(), 0);

    // Without the state, both check the whole file and fail at its first unwritten block.
    const auto full = run_script_side_by_side(std::string(kPartialWrite) + " && " + kCheckOnly +
                                              " >/dev/null");
    EXPECT_NE(full.ours.exit_code, 0);
    EXPECT_NE(full.stock.exit_code, 0);
    EXPECT_NE(full.ours.err.find("offset 16384"), std::string::npos) << full.ours.err;
}

TEST_F(VerifyStateCli, StateFilesInterchangeWithStock) {
    // A state saved by either tool loads in the other (the same binary layout).
    for (const bool stock_writes : {true, false}) {
        SCOPED_TRACE(stock_writes ? "stock saves, ours loads" : "ours saves, stock loads");
        const std::string writer = stock_writes ? kStockFio : FIO_BINARY;
        const std::string reader = stock_writes ? FIO_BINARY : kStockFio;
        ScratchDir dir;
        const std::string in = "cd " + dir.path().string() + " && ";
        ASSERT_EQ(run_shell(in + "FIO=" + writer + " && " + kPartialWrite).exit_code, 0);
        const auto check = run_shell(in + "FIO=" + reader + " && " + kCheckOnly + " --verify_state_load=1");
        ASSERT_EQ(check.exit_code, 0) << check.err;
        EXPECT_EQ(nlohmann::json::parse(check.out)["jobs"][0]["read"]["io_bytes"].get<std::uint64_t>(),
                  16384u);
    }
}

TEST_F(VerifyStateCli, MissingStateFileFailsTheJob) {
    const auto run = run_script_side_by_side(std::string(kCheckOnly) + " --verify_state_load=1 >/dev/null");
    EXPECT_EQ(run.ours.exit_code, run.stock.exit_code);
    EXPECT_NE(run.ours.exit_code, 0);
    EXPECT_NE(run.ours.err.find("local-vj-0-verify.state"), std::string::npos) << run.ours.err;
}


// --aux-path puts the state files in that directory, and verify_state_load reads them
// from there, as stock does.
TEST_F(VerifyStateCli, AuxPathHoldsTheStateFiles) {
    const auto run = run_script_side_by_side(
        "mkdir st && $FIO --aux-path=st --name=v --filename=f --size=16k --rw=write --verify=crc32c "
        ">/dev/null && ls st && ls *-verify.state 2>/dev/null; "
        "$FIO --aux-path=st --name=v --filename=f --size=16k --rw=read --verify=crc32c "
        "--verify_state_load=1 >/dev/null && echo loaded");
    expect_same_exit_and_quiet(run);
    EXPECT_EQ(run.ours.out, "local-v-0-verify.state\nloaded\n");
    EXPECT_EQ(run.ours.out, run.stock.out);
}

}  // namespace
}  // namespace fio::test
