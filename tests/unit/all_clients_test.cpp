// The "All clients" aggregate of a client run: exact merges per group, and the live
// status of all hosts summed for the one progress line.
#include "remote/all_clients.hpp"

#include <gtest/gtest.h>

namespace fio::core {
namespace {

sdk::JobResult job(std::uint32_t groupid, std::initializer_list<std::uint64_t> read_latencies_ns,
                   std::string host) {
    sdk::JobResult result;
    result.name = std::string(1, 'j');
    result.groupid = groupid;
    result.client_host = std::move(host);
    auto& read = result.directions[0];
    for (auto ns : read_latencies_ns) {
        read.clat.add(ns);
        read.io_bytes += 4096;
        ++read.total_ios;
    }
    read.runtime_ns = 1'000'000'000;
    return result;
}

TEST(AllClients, MergesEveryHostsJobsOfAGroupExactly) {
    const std::vector<sdk::JobResult> a = {job(0, {100, 200, 300}, "a:1"), job(1, {5000}, "a:1")};
    const std::vector<sdk::JobResult> b = {job(0, {400, 50'000}, "b:1")};
    const std::vector<sdk::GroupResult> no_groups;
    const AllClients all = merge_all_clients({{&a, &no_groups}, {&b, &no_groups}});
    ASSERT_EQ(all.jobs.size(), 2u);
    const sdk::JobResult& g0 = all.jobs[0];
    EXPECT_EQ(g0.name, "All clients");
    EXPECT_TRUE(g0.all_clients);
    EXPECT_EQ(g0.client_host, "");
    EXPECT_EQ(g0.threads, 2u);
    EXPECT_EQ(g0.directions[0].total_ios, 5u);
    EXPECT_EQ(g0.directions[0].io_bytes, 5u * 4096);
    EXPECT_EQ(g0.directions[0].clat.stats.min, 100u);
    EXPECT_EQ(g0.directions[0].clat.stats.max, 50'000u);
    // 50th percentile of {100, 200, 300, 400, 50000}: the third sample's bucket.
    const double median[] = {50.0};
    EXPECT_EQ(g0.directions[0].clat.histogram.percentiles(median),
              (std::vector<std::uint64_t>{sdk::histogram_value(sdk::histogram_index(300))}));
    EXPECT_EQ(all.jobs[1].groupid, 1u);
    EXPECT_EQ(all.jobs[1].directions[0].total_ios, 1u);
    ASSERT_EQ(all.groups.size(), 2u);
    EXPECT_TRUE(all.groups[0].all_clients);
    EXPECT_EQ(all.groups[0].directions[0].io_bytes, 5u * 4096);
}

TEST(AllClients, StatusOfAllHostsAddsRatesAndTakesTheLongestEta) {
    sdk::StatusUpdate a;
    a.jobs_running = 2;
    a.job_states = "RR";
    a.percent_done = 40;
    a.bw_bytes = {100, 10, 0};
    a.iops = {25, 1, 0};
    a.eta_s = 12;
    a.elapsed_ms = 3000;
    sdk::StatusUpdate b = a;
    b.jobs_running = 1;
    b.job_states = "W";
    b.percent_done = 60;
    b.eta_s = 20;
    b.elapsed_ms = 2500;
    const sdk::StatusUpdate sum = sum_status({a, b});
    EXPECT_EQ(sum.jobs_running, 3u);
    EXPECT_EQ(sum.job_states, "RRW");
    EXPECT_DOUBLE_EQ(sum.percent_done, 50.0);
    EXPECT_EQ(sum.bw_bytes[0], 200u);
    EXPECT_EQ(sum.iops[1], 2u);
    EXPECT_EQ(sum.eta_s, 20);
    EXPECT_EQ(sum.elapsed_ms, 3000u);
}

}  // namespace
}  // namespace fio::core
