// A client run (fio --client) through the normal, json and terse sinks: two servers with
// one job each, then the "All clients" aggregate, fed in the order the client feeds them.
#include <cstdlib>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "captured_output.hpp"

#include <fio/sdk/output.hpp>
#include <fio/sdk/result.hpp>

#include "job_report.hpp"
#include "json_sink.hpp"
#include "latency_text.hpp"
#include "normal_sink.hpp"
#include "run_summary.hpp"
#include "terse_line.hpp"
#include "terse_sink.hpp"

namespace {

using namespace fio::sdk;
// Fields are assigned std::string literals ("t"s): GCC 12 at -O3 warns falsely
// (-Wrestrict, GCC bug 105329) about assigning a char literal to a std::string.
using namespace std::string_literals;
using fio::test::CapturedText;

const std::string kHostA = "127.0.0.1:8765"s;
const std::string kHostB = "[::1]:8766"s;

struct Sample {
    std::uint64_t ns;
    int count;
};

// Host A: 90 reads at 1 us and 10 at 100 us; host B: 50 at 2 us and 50 at 5 us.
const std::vector<Sample> kSamplesA = {{1'000, 90}, {100'000, 10}};
const std::vector<Sample> kSamplesB = {{2'000, 50}, {5'000, 50}};

// A read job of 100 I/Os of 4 KiB whose completion latencies are `samples`.
JobResult read_job(const std::string& host, const std::vector<Sample>& samples,
                   std::uint64_t runtime_ms, std::int64_t pid) {
    JobResult job;
    job.name = "a"s;
    job.client_host = host;
    job.thread_id = pid;
    job.end_time_epoch_s = 1795629255;
    job.job_runtime_ns = runtime_ms * 1'000'000;
    DirectionResult& read = job.directions[0];
    read.runtime_ns = runtime_ms * 1'000'000;
    for (const Sample& s : samples) {
        for (int i = 0; i < s.count; ++i) read.clat.add(s.ns);
        read.total_ios += static_cast<std::uint64_t>(s.count);
    }
    read.io_bytes = read.total_ios * 4096;
    read.bw_samples.add(400);
    read.bw_samples.add(200);
    job.depth_levels[0] = read.total_ios;
    job.latency_us[0] = 90;
    return job;
}

GroupResult read_group(const std::string& host, const JobResult& job) {
    GroupResult group;
    group.client_host = host;
    GroupDirection& read = group.directions[0];
    read.io_bytes = job.directions[0].io_bytes;
    read.min_runtime_ms = read.max_runtime_ms = job.directions[0].runtime_ms();
    read.agg_bw_bytes = read.min_bw_bytes = read.max_bw_bytes =
        read.io_bytes * 1000 / read.max_runtime_ms;
    return group;
}

// What the client feeds the sinks: each host's job and group, then "All clients".
struct ClientRun {
    RunInfo info;
    JobResult a = read_job(kHostA, kSamplesA, 4, 101);
    JobResult b = read_job(kHostB, kSamplesB, 2, 202);
    GroupResult group_a = read_group(kHostA, a);
    GroupResult group_b = read_group(kHostB, b);
    JobResult all;
    GroupResult group_all;

    ClientRun() {
        info.fio_version = "fio-3.33"s;
        info.client_run = true;
        for (const std::string& host : {kHostA, kHostB}) {
            JobDescription d;
            d.name = "a"s;
            d.rw = "read"s;
            d.ioengine = "null"s;
            d.clones = 2;
            d.bs_min = d.bs_max = {4096, 4096, 4096};
            d.client_host = host;
            info.jobs.push_back(d);
        }
        info.total_threads = 4;
        all = a;
        all.merge(b);
        all.name = "All clients"s;
        all.client_host.clear();
        all.all_clients = true;
        all.thread_id = 0;
        group_all = read_group("", all);
        group_all.all_clients = true;
    }

    void feed(OutputSink& sink) const {
        sink.run_started(info);
        sink.log_line(LogLevel::info, "<" + kHostA + "> hello from A");
        sink.job_finished(a);
        sink.group_finished(group_a);
        sink.job_finished(b);
        sink.group_finished(group_b);
        sink.job_finished(all);
        sink.group_finished(group_all);
        RunSummary summary;
        summary.end_epoch_ms = 1795629372467;
        sink.run_finished(summary);
    }
};

struct LocalTimeIsUtc {
    LocalTimeIsUtc() {
        setenv("TZ", "UTC", 1);
        tzset();
    }
};

std::string normal_text(const ClientRun& run) {
    CapturedText out;
    OutputSetup setup;
    setup.stream = &out;
    run.feed(*fio::outputs::normal::make_normal_sink(setup));
    return out.text();
}

TEST(ClientRunNormal, BannerIsEachHostsLinesPrefixed) {
    const ClientRun run;
    const std::string text = normal_text(run);
    const std::string definition =
        "a: (g=0): rw=read, bs=(R) 4096B-4096B, (W) 4096B-4096B, (T) 4096B-4096B, "
        "ioengine=null, iodepth=1\n";
    const std::string expected = "<127.0.0.1:8765> " + definition + "<127.0.0.1:8765> ...\n" +
                                 "<127.0.0.1:8765> Starting 2 processes\n" + "<[::1]:8766> " +
                                 definition + "<[::1]:8766> ...\n" +
                                 "<[::1]:8766> Starting 2 processes\n" +
                                 "<127.0.0.1:8765> hello from A\n";
    EXPECT_EQ(text.substr(0, expected.size()), expected) << text;
}

TEST(ClientRunNormal, EachHostIsOneBlockThenAllClients) {
    LocalTimeIsUtc utc;
    const ClientRun run;
    const std::string text = normal_text(run);
    using fio::outputs::normal::group_report;
    using fio::outputs::normal::job_report;
    // Each block is the host's job (with its own group's per=) and the host's group totals.
    std::string expected_report;
    for (const auto& [job, group] : {std::pair{&run.a, &run.group_a}, std::pair{&run.b, &run.group_b},
                                     std::pair{&run.all, &run.group_all}}) {
        expected_report.append(1, '\n');
        expected_report.append(job_report(*job, group, 1024));
        expected_report.append(group_report(*group));
    }
    const std::size_t report_start = text.find("\n\n");
    ASSERT_NE(report_start, std::string::npos);
    EXPECT_EQ(text.substr(report_start + 1), expected_report) << text;

    // The labels, in order.
    std::size_t at = 0;
    for (const char* line :
         {"\n<127.0.0.1:8765> a: (groupid=0, jobs=1): err= 0: pid=101: Wed Nov 25 17:54:15 2026\n",
          "\n<127.0.0.1:8765> Run status group 0 (all jobs):\n",
          "\n<[::1]:8766> a: (groupid=0, jobs=1): err= 0: pid=202: ",
          "\n<[::1]:8766> Run status group 0 (all jobs):\n",
          "\nAll clients: (groupid=0, jobs=2): err= 0: pid=0: ",
          "\nRun status group 0 (all clients):\n   READ: bw=195MiB/s"}) {
        const std::size_t found = text.find(line, at);
        ASSERT_NE(found, std::string::npos) << line << "\nin\n" << text;
        at = found + 1;
    }
    // Both hosts have a group 0; host B's bandwidth share (per=) must be of its own.
    EXPECT_NE(job_report(run.b, &run.group_a, 1024), job_report(run.b, &run.group_b, 1024));
}

TEST(ClientRunNormal, AllClientsPercentilesComeFromTheMergedHistogram) {
    const ClientRun run;
    const std::string text = normal_text(run);
    // The histogram of every sample of both hosts, built directly.
    LatencyHistogram merged;
    for (const auto* samples : {&kSamplesA, &kSamplesB}) {
        for (const Sample& s : *samples) {
            for (int i = 0; i < s.count; ++i) merged.add(s.ns);
        }
    }
    const std::string table =
        fio::outputs::normal::percentile_table("clat", merged, kDefaultPercentiles);
    ASSERT_FALSE(table.empty());
    const std::size_t all_clients = text.find("\nAll clients: ");
    ASSERT_NE(all_clients, std::string::npos);
    EXPECT_NE(text.find(table, all_clients), std::string::npos) << table << "\nin\n" << text;
    // 200 samples: the median is among host B's 2 us, the 99th among host A's 100 us
    // (the values are those of their histogram buckets).
    EXPECT_NE(table.find("50.00th=[ 2008]"), std::string::npos) << table;
    EXPECT_NE(table.find("99.00th=[99840]"), std::string::npos) << table;
}

nlohmann::ordered_json json_document(const ClientRun& run, bool plus = false) {
    CapturedText out;
    OutputSetup setup;
    setup.stream = &out;
    auto sink = plus ? fio::outputs::json::make_json_plus_sink(setup)
                     : fio::outputs::json::make_json_sink(setup);
    run.feed(*sink);
    return nlohmann::ordered_json::parse(out.text());
}

TEST(ClientRunJson, ClientStatsHaveHostnameAndPortThenAllClients) {
    for (const bool plus : {false, true}) {
        const auto doc = json_document(ClientRun{}, plus);
        EXPECT_FALSE(doc.contains("jobs"));
        ASSERT_TRUE(doc.contains("client_stats"));
        const auto& stats = doc["client_stats"];
        ASSERT_EQ(stats.size(), 3u);

        EXPECT_EQ(stats[0]["jobname"], "a");
        EXPECT_EQ(stats[0]["hostname"], "127.0.0.1");
        EXPECT_EQ(stats[0]["port"], 8765);
        EXPECT_EQ(stats[0]["read"]["io_bytes"], 100 * 4096);
        EXPECT_EQ(stats[1]["hostname"], "::1");
        EXPECT_EQ(stats[1]["port"], 8766);
        // hostname and port close each host's object, as stock's.
        const auto last = std::prev(stats[1].end());
        EXPECT_EQ(last.key(), "port");
        EXPECT_EQ(std::prev(last).key(), "hostname");

        EXPECT_EQ(stats[2]["jobname"], "All clients");
        EXPECT_FALSE(stats[2].contains("hostname"));
        EXPECT_FALSE(stats[2].contains("port"));
        EXPECT_EQ(stats[2]["read"]["io_bytes"], 200 * 4096);
        EXPECT_EQ(stats[2]["read"]["clat_ns"]["N"], 200);
        EXPECT_EQ(stats[2]["read"]["clat_ns"]["percentile"]["99.000000"], 99840);
        // The document's other keys are those of a local run.
        const std::vector<std::string> keys = {"fio version", "timestamp", "timestamp_ms",
                                               "time", "client_stats"};
        std::vector<std::string> got;
        for (auto it = doc.begin(); it != doc.end(); ++it) got.push_back(it.key());
        EXPECT_EQ(got, keys);
    }
}

TEST(ClientRunTerse, OneLinePerHostJobAndNoAllClients) {
    const ClientRun run;
    CapturedText out;
    OutputSetup setup;
    setup.stream = &out;
    run.feed(*fio::outputs::terse::make_terse_sink(setup));
    using fio::outputs::terse::terse_line;
    EXPECT_EQ(out.text(), terse_line(run.a, &run.group_a, {}, "fio-3.33") +
                              terse_line(run.b, &run.group_b, {}, "fio-3.33"));
}

}  // namespace
