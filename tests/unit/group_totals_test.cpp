// "Run status group N" totals: bytes of every job, bandwidth from the jobs that ran.
#include "stats/group_totals.hpp"

#include <gtest/gtest.h>

namespace fio::core {
namespace {

sdk::JobResult job_that_read(std::uint64_t bytes, std::uint64_t runtime_ns) {
    sdk::JobResult job;
    job.directions[0].io_bytes = bytes;
    job.directions[0].runtime_ns = runtime_ns;
    return job;
}

TEST(GroupTotals, SumsBytesAndTakesBandwidthFromTheLongestRuntime) {
    const auto a = job_that_read(4 << 20, 2'000'000'000);  // 2 MiB/s
    const auto b = job_that_read(1 << 20, 1'000'000'000);  // 1 MiB/s
    const auto group = compute_group_totals(3, {&a, &b}, 1024);
    const auto& read = group.directions[0];
    EXPECT_EQ(group.groupid, 3u);
    EXPECT_EQ(read.io_bytes, 5u << 20);
    EXPECT_EQ(read.min_runtime_ms, 1000u);
    EXPECT_EQ(read.max_runtime_ms, 2000u);
    EXPECT_EQ(read.min_bw_bytes, 1u << 20);
    EXPECT_EQ(read.max_bw_bytes, 2u << 20);
    EXPECT_EQ(read.agg_bw_bytes, (5u << 20) / 2);
    EXPECT_EQ(group.directions[1].io_bytes, 0u);  // nobody wrote
}

// Seven clones of a 16 KiB null job: most finish inside a microsecond. Their bytes
// still belong to the group (stock prints io=112KiB for this run).
TEST(GroupTotals, CountsTheBytesOfJobsTooQuickToLastAMillisecond) {
    const auto quick = job_that_read(16384, 0);
    const auto timed = job_that_read(16384, 400'000);  // rounds up to 1 ms
    const auto group = compute_group_totals(0, {&quick, &timed, &quick}, 1024);
    const auto& read = group.directions[0];
    EXPECT_EQ(read.io_bytes, 3u * 16384);
    EXPECT_EQ(read.max_runtime_ms, 1u);
    EXPECT_EQ(read.agg_bw_bytes, 3u * 16384 * 1000);
}

}  // namespace
}  // namespace fio::core
