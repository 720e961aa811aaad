// End to end: the jobs that start at one moment begin their I/O together, once all of
// them are set up (run/start_gate.hpp), as stock fio starts its jobs.
#include "run_command.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

namespace fio::test {
namespace {

// The time stamp (ms since the epoch) of a log's first line.
std::int64_t first_time_ms(const std::string& path) {
    std::ifstream log(path);
    std::int64_t time = -1;
    log >> time;
    return time;
}

// "slow" spends a while filling 512 MiB of buffers before its first I/O; "fast" is set
// up at once. Each logs its IOPS every 100 ms with wall-clock time stamps, so the first
// lines show when each began. Apart, they would be that fill's duration apart (about
// 0.5 s here, more under the sanitizers).
TEST(StartTogether, ASlowSetupHoldsBackTheOtherJobsOfItsStart) {
    ScratchDir dir;
    const std::string logs = dir / "log";
    const auto r = run_fio("--ioengine=null --rw=read --bs=4k --size=1g --time_based --runtime=1 "
                           "--log_unix_epoch=1 --log_avg_msec=100 --output-format=json "
                           "--write_iops_log=" + logs +
                               " --name=fast --name=slow --bs=1m --iodepth=512",
                           120);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::int64_t fast = first_time_ms(logs + "_iops.1.log");
    const std::int64_t slow = first_time_ms(logs + "_iops.2.log");
    ASSERT_GT(fast, 0);
    ASSERT_GT(slow, 0);
    EXPECT_LT(std::llabs(fast - slow), 100) << "fast " << fast << ", slow " << slow;
}

TEST(StartTogether, AJobWhoseSetupFailsDoesNotHoldTheOthers) {
    ScratchDir dir;
    // "fails" cannot create its ring (no such CPU for the SQ thread): its thread ends in
    // setup, and "runs" must still start and finish (the run is bounded by the timeout).
    const auto r = run_fio("--rw=read --bs=4k --size=1m --output-format=json "
                           "--name=runs --ioengine=null "
                           "--name=fails --ioengine=io_uring --sqthread_poll=1 "
                           "--sqthread_poll_cpu=999 --filename=" + (dir / "f"),
                           30);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("sqthread_poll_cpu=999"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("\"total_ios\" : 256"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace fio::test
