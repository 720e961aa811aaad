// Per-priority latencies (cmdprio_*): exact merging of threads and directions, the
// priorities a job puts in play, and where stock fio 3.33 prints them (json, json+ and
// the text report's "clat prio" lines).
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fio/sdk/mixed_result.hpp>
#include <fio/sdk/result.hpp>

#include "json_document.hpp"
#include "job_report.hpp"
#include "json_keys.hpp"
#include "json_sink.hpp"
#include "run/priority_latency.hpp"

namespace {

using namespace fio::sdk;
using namespace std::string_literals;  // see json_output_test.cpp (GCC bug 105329)
using fio::test::keys_of;

constexpr std::uint16_t kNone = 0;                  // class 0, level 0
constexpr std::uint16_t kRealtime0 = 1 << 13;       // class 1, level 0
constexpr std::uint16_t kIdle2 = 3 << 13 | 2;       // class 3, level 2

PriorityLatency prio(std::uint16_t value, std::initializer_list<std::uint64_t> ns) {
    PriorityLatency p{value, {}};
    for (auto v : ns) p.latency.add(v);
    return p;
}

TEST(PriorityLatency, ClassAndLevelOfTheIoprioValue) {
    EXPECT_EQ(prio(kIdle2, {}).io_class(), 3u);
    EXPECT_EQ(prio(kIdle2, {}).level(), 2u);
}

TEST(PriorityLatency, MergeAddsSamePrioritiesExactlyAndAppendsNewOnes) {
    PriorityLatencies into{prio(kNone, {100, 300}), prio(kRealtime0, {50})};
    const PriorityLatencies from{prio(kIdle2, {7}), prio(kNone, {200, 1'000'000})};
    merge_priority_latencies(into, from);
    ASSERT_EQ(into.size(), 3u);
    EXPECT_EQ(into[0].ioprio, kNone);
    EXPECT_EQ(into[1].ioprio, kRealtime0);
    EXPECT_EQ(into[2].ioprio, kIdle2);
    const LatencyStats& none = into[0].latency;
    EXPECT_EQ(none.stats.count, 4u);
    EXPECT_EQ(none.stats.sum, 1'000'600u);
    EXPECT_EQ(none.stats.min, 100u);
    EXPECT_EQ(none.stats.max, 1'000'000u);
    EXPECT_EQ(none.histogram.total(), 4u);
    EXPECT_EQ(none.histogram.counts[histogram_index(100)], 1u);
    EXPECT_EQ(none.histogram.counts[histogram_index(1'000'000)], 1u);
    EXPECT_EQ(into[1].latency.stats.count, 1u);
    EXPECT_EQ(into[2].latency.stats.sum, 7u);
}

TEST(PriorityLatency, JobMergeAddsEachDirectionsPriorities) {
    JobResult a;
    JobResult b;
    a.priority_latency[0] = {prio(kNone, {10}), prio(kRealtime0, {20})};
    b.priority_latency[0] = {prio(kRealtime0, {30, 40})};
    b.priority_latency[1] = {prio(kNone, {5})};
    a.merge(b);
    ASSERT_EQ(a.priority_latency[0].size(), 2u);
    EXPECT_EQ(a.priority_latency[0][1].latency.stats.count, 3u);
    EXPECT_EQ(a.priority_latency[0][1].latency.stats.sum, 90u);
    ASSERT_EQ(a.priority_latency[1].size(), 1u);
    EXPECT_EQ(a.priority_latency[1][0].latency.stats.sum, 5u);
    EXPECT_TRUE(a.priority_latency[2].empty());
}

TEST(PriorityLatency, MixedSumsTheDirectionsByPriority) {
    JobResult job;
    job.priority_latency[0] = {prio(kNone, {10}), prio(kRealtime0, {20})};
    job.priority_latency[1] = {prio(kIdle2, {1}), prio(kNone, {30})};
    const PriorityLatencies mixed = mixed_priority_latencies(job);
    ASSERT_EQ(mixed.size(), 3u);
    EXPECT_EQ(mixed[0].latency.stats.sum, 40u);
    EXPECT_EQ(mixed[1].ioprio, kRealtime0);
    EXPECT_EQ(mixed[2].ioprio, kIdle2);
}

TEST(PriorityLatency, OnlyPrioritiesWithSamplesCount) {
    EXPECT_EQ(priorities_with_samples({prio(kNone, {1}), prio(kRealtime0, {})}), 1u);
    EXPECT_EQ(priorities_with_samples({prio(kNone, {1}), prio(kRealtime0, {2})}), 2u);
}

// Engine options as a job file gives them.
class FakeEngineOptions final : public OptionValues {
public:
    std::int64_t percentage = 0, io_class = 1, level = 0;
    std::string bssplit;
    bool has(std::string_view) const override { return true; }
    bool get_bool(std::string_view, bool fallback) const override { return fallback; }
    std::int64_t get_int(std::string_view name, std::int64_t fallback) const override {
        if (name == "cmdprio_percentage") return percentage;
        if (name == "cmdprio_class") return io_class;
        if (name == "cmdprio") return level;
        return fallback;
    }
    std::string_view get_string(std::string_view name, std::string_view fallback) const override {
        return name == "cmdprio_bssplit" ? std::string_view(bssplit) : fallback;
    }
};

TEST(PrioritiesInPlay, TheJobsOwnFirstThenCmdprio) {
    fio::core::JobSpec job;
    FakeEngineOptions options;
    using V = std::vector<std::uint16_t>;
    EXPECT_EQ(fio::core::priorities_in_play(job, &options, 0), V{kNone});  // no cmdprio
    EXPECT_EQ(fio::core::priorities_in_play(job, nullptr, 0), V{kNone});
    options.percentage = 30;
    EXPECT_EQ(fio::core::priorities_in_play(job, &options, 0), (V{kNone, kRealtime0}));
    EXPECT_EQ(fio::core::priorities_in_play(job, &options, 2), V{kNone});  // not trims
    job.priority.io_class = 2;
    job.priority.level = 5;
    options.io_class = 3;
    options.level = 2;
    EXPECT_EQ(fio::core::priorities_in_play(job, &options, 1),
              (V{static_cast<std::uint16_t>(2 << 13 | 5), kIdle2}));
}

TEST(PrioritiesInPlay, CmdprioBssplitGivesEachSharedPriorityOnce) {
    fio::core::JobSpec job;
    FakeEngineOptions options;
    options.bssplit = "64k/25/1/1:64k/75/3/2:1024k/0:4k/10/3/2,8k/50";
    using V = std::vector<std::uint16_t>;
    EXPECT_EQ(fio::core::priorities_in_play(job, &options, 0),
              (V{kNone, static_cast<std::uint16_t>(1 << 13 | 1), kIdle2}));
    EXPECT_EQ(fio::core::priorities_in_play(job, &options, 1), (V{kNone, kRealtime0}));
}

// A read job whose 4 completions carried two priorities: 3 at none (10, 20, 30 us) and
// 1 at real-time 0 (40 us).
JobResult two_priority_job() {
    JobResult job;
    job.name = "t"s;
    job.elapsed_s = 1;
    DirectionResult& read = job.directions[0];
    read.io_bytes = 4 * 4096;
    read.total_ios = 4;
    read.runtime_ns = 1'000'000;
    for (std::uint64_t us : {10, 20, 30, 40}) {
        read.clat.add(us * 1000);
        read.lat.add(us * 1000 + 500);
    }
    job.priority_latency[0] = {prio(kNone, {10'000, 20'000, 30'000}),
                               prio(kIdle2, {}),  // listed, never used: left out
                               prio(kRealtime0, {40'000})};
    return job;
}

TEST(PriorityLatencyJson, PriosFollowLatNsWithEachPrioritysClat) {
    const auto doc = fio::test::render_json_job(two_priority_job(), false);
    const auto& read = doc["jobs"][0]["read"];
    const auto keys = keys_of(read);
    const auto at = std::find(keys.begin(), keys.end(), "prios");
    ASSERT_NE(at, keys.end());
    EXPECT_EQ(*(at - 1), "lat_ns");
    EXPECT_EQ(*(at + 1), "bw_min");
    ASSERT_EQ(read["prios"].size(), 2u);
    const auto& none = read["prios"][0];
    EXPECT_EQ(keys_of(none), (std::vector<std::string>{"prioclass", "prio", "clat_ns"}));
    EXPECT_EQ(none["prioclass"], 0);
    EXPECT_EQ(none["prio"], 0);
    EXPECT_EQ(none["clat_ns"]["min"], 10'000);
    EXPECT_EQ(none["clat_ns"]["max"], 30'000);
    EXPECT_EQ(none["clat_ns"]["mean"], 20'000.0);
    EXPECT_EQ(none["clat_ns"]["stddev"], 10'000.0);
    EXPECT_EQ(none["clat_ns"]["N"], 3);
    EXPECT_EQ(none["clat_ns"]["percentile"]["50.000000"], 20'096);  // the bucket's midpoint
    EXPECT_FALSE(none["clat_ns"].contains("bins"));
    const auto& realtime = read["prios"][1];
    EXPECT_EQ(realtime["prioclass"], 1);
    EXPECT_EQ(realtime["prio"], 0);
    EXPECT_EQ(realtime["clat_ns"]["N"], 1);
    EXPECT_EQ(realtime["clat_ns"]["min"], 40'000);
    // Directions without per-priority samples have no "prios".
    EXPECT_FALSE(doc["jobs"][0]["write"].contains("prios"));
}

TEST(PriorityLatencyJson, LatPercentilesNameThemLatAndJsonPlusAddsBins) {
    JobResult job = two_priority_job();
    job.reporting.lat_percentiles = true;
    const auto doc = fio::test::render_json_job(job, true);
    const auto& none = doc["jobs"][0]["read"]["prios"][0];
    EXPECT_EQ(keys_of(none), (std::vector<std::string>{"prioclass", "prio", "lat_ns"}));
    EXPECT_EQ(none["lat_ns"]["bins"], (nlohmann::ordered_json{
                                          {"10048", 1}, {"20096", 1}, {"30080", 1}}));
}

TEST(PriorityLatencyJson, NoPercentilesWhenNeitherClatNorLatHasThem) {
    JobResult job = two_priority_job();
    job.reporting.clat_percentiles = false;
    const auto doc = fio::test::render_json_job(job, true);
    EXPECT_EQ(keys_of(doc["jobs"][0]["read"]["prios"][0]["clat_ns"]),
              (std::vector<std::string>{"min", "max", "mean", "stddev", "N"}));
}

TEST(PriorityLatencyJson, OnePriorityWithSamplesShowsNone) {
    JobResult job = two_priority_job();
    job.priority_latency[0].pop_back();
    EXPECT_FALSE(fio::test::render_json_job(job, false)["jobs"][0]["read"].contains("prios"));
}

TEST(PriorityLatencyJson, UnifiedMixedShowsTheMixedPriorities) {
    JobResult job = two_priority_job();
    job.reporting.unified_rw = kUnifiedBoth;
    const auto doc = fio::test::render_json_job(job, false);
    EXPECT_EQ(doc["jobs"][0]["mixed"]["prios"].size(), 2u);
}

TEST(PriorityLatencyText, PrioLinesAfterLatAndTablesAfterTheOthers) {
    const std::string text = fio::outputs::normal::job_report(two_priority_job(), nullptr, 1024);
    const auto lat = text.find("     lat (nsec): min=10500, max=40500");
    const auto none_line = text.find("    clat prio 0/0 (nsec): min=10000, max=30000, "
                                     "avg=20000.00, stdev=10000.00\n");
    const auto realtime_line = text.find(
        "    clat prio 1/0 (nsec): min=40000, max=40000, avg=40000.00, stdev= 0.00\n");
    const auto clat_table = text.find("    clat percentiles (nsec):\n");
    const auto none_table = text.find(
        "    clat prio 0/0 (75.00% of IOs) percentiles (nsec):\n"
        "     |  1.00th=[10048],  5.00th=[10048], 10.00th=[10048], 20.00th=[10048],\n"
        "     | 30.00th=[10048], 40.00th=[20096], 50.00th=[20096], 60.00th=[20096],\n");
    const auto realtime_table =
        text.find("    clat prio 1/0 (25.00% of IOs) percentiles (nsec):\n");
    ASSERT_NE(lat, std::string::npos) << text;
    ASSERT_NE(none_line, std::string::npos) << text;
    ASSERT_NE(realtime_line, std::string::npos) << text;
    ASSERT_NE(none_table, std::string::npos) << text;
    ASSERT_NE(realtime_table, std::string::npos) << text;
    EXPECT_LT(lat, none_line);
    EXPECT_LT(none_line, realtime_line);
    EXPECT_LT(realtime_line, clat_table);
    EXPECT_LT(clat_table, none_table);
    EXPECT_LT(none_table, realtime_table);
    EXPECT_EQ(text.find("prio 3/2"), std::string::npos);  // no samples
}

TEST(PriorityLatencyText, LatPercentilesCallThemLat) {
    JobResult job = two_priority_job();
    job.reporting.lat_percentiles = true;
    const std::string text = fio::outputs::normal::job_report(job, nullptr, 1024);
    EXPECT_NE(text.find("    lat prio 0/0 (nsec): "), std::string::npos) << text;
    EXPECT_NE(text.find("    lat prio 1/0 (25.00% of IOs) percentiles (nsec):\n"),
              std::string::npos) << text;
}

}  // namespace
