// The `json+` output: the json document plus, in each latency block that lists
// percentiles, "bins" {"<bucket value in ns>": count} for the histogram's non-empty
// buckets, placed (after "percentile") as stock fio 3.33 places them.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "json_keys.hpp"
#include <nlohmann/json.hpp>

#include "json_document.hpp"
#include "json_report.hpp"
#include "json_sink.hpp"

namespace {

using namespace fio::sdk;
using namespace std::string_literals;  // see json_output_test.cpp (GCC bug 105329)
using fio::outputs::json::histogram_bins_json;
using fio::outputs::json::Json;

using fio::test::keys_of;

// Latencies chosen to hit both sides of the exact range (below 128 ns every value is
// its own bucket), bucket midpoints above it, and the last bucket.
LatencyHistogram known_histogram() {
    LatencyHistogram h;
    for (int i = 0; i < 3; ++i) h.add(20);
    h.add(127);
    h.add(128);      // bucket 128: [128, 130), stands for 129
    h.add(129);      // the same bucket
    h.add(130);      // bucket 129: 131
    h.add(10'000);   // bucket 526: [9984, 10112), 10048
    h.add(10'050);   // the same
    h.add(1'000'000'000);    // bucket 1591: 1002438656
    h.add(1ull << 40);       // past 2^34 ns: the last bucket, 1855: 17112760320
    return h;
}

TEST(JsonPlusBins, NonEmptyBucketsKeyedByTheirValueInBucketOrder) {
    const Json bins = histogram_bins_json(known_histogram());
    EXPECT_EQ(keys_of(bins), (std::vector<std::string>{"20", "127", "129", "131", "10048",
                                                       "1002438656", "17112760320"}));
    EXPECT_EQ(bins, (Json{{"20", 3}, {"127", 1}, {"129", 2}, {"131", 1}, {"10048", 2},
                          {"1002438656", 1}, {"17112760320", 1}}));
    EXPECT_TRUE(histogram_bins_json(LatencyHistogram{}).empty());
}

JobResult job_with_latencies() {
    JobResult job;
    job.name = "t"s;
    job.elapsed_s = 1;
    DirectionResult& read = job.directions[0];
    read.io_bytes = 11 * 4096;
    read.total_ios = 11;
    read.runtime_ns = 1'000'000;
    const LatencyHistogram h = known_histogram();
    for (unsigned i = 0; i < kHistogramBuckets; ++i) {
        for (std::uint64_t n = 0; n < h.counts[i]; ++n) {
            read.clat.add(histogram_value(i));
            read.lat.add(histogram_value(i) + 100);
            read.slat.add(5);
        }
    }
    job.sync_total_ios = 2;
    job.sync_lat.add(4000);
    job.sync_lat.add(4000);
    return job;
}

TEST(JsonPlusSink, BinsFollowThePercentilesOfEveryBlockThatHasThem) {
    JobResult job = job_with_latencies();
    job.reporting.lat_percentiles = true;  // clat by default, lat asked for, slat not
    const auto doc = fio::test::render_json_job(job, true);
    const auto& read = doc["jobs"][0]["read"];
    EXPECT_EQ(keys_of(read["clat_ns"]), (std::vector<std::string>{"min", "max", "mean", "stddev",
                                                                   "N", "percentile", "bins"}));
    EXPECT_EQ(read["clat_ns"]["bins"]["129"], 2u);
    EXPECT_EQ(read["clat_ns"]["bins"].size(), 7u);
    EXPECT_EQ(read["lat_ns"]["bins"]["229"], 2u);  // 129 + 100 lands on 229, exact
    // No percentiles, no bins (as stock): slat here, and write, which has no samples.
    EXPECT_EQ(keys_of(read["slat_ns"]),
              (std::vector<std::string>{"min", "max", "mean", "stddev", "N"}));
    EXPECT_FALSE(doc["jobs"][0]["write"]["clat_ns"].contains("bins"));
    // sync: percentiles, and so bins, when clat's or lat's are reported.
    EXPECT_EQ(doc["jobs"][0]["sync"]["lat_ns"]["bins"], (Json{{"4016", 2}}));
}

TEST(JsonPlusSink, TheJsonDocumentOtherwiseUnchanged) {
    JobResult job = job_with_latencies();
    auto plus = fio::test::render_json_job(job, true);
    const auto plain = fio::test::render_json_job(job, false);
    EXPECT_FALSE(plain["jobs"][0]["read"]["clat_ns"].contains("bins"));
    EXPECT_FALSE(plain["jobs"][0]["sync"]["lat_ns"].contains("bins"));
    plus["jobs"][0]["read"]["clat_ns"].erase("bins");
    plus["jobs"][0]["sync"]["lat_ns"].erase("bins");
    EXPECT_EQ(plus, plain);
}

TEST(JsonPlusSink, SyncHasNoPercentilesWhenNeitherClatNorLatHas) {
    JobResult job = job_with_latencies();
    job.reporting.clat_percentiles = false;
    const auto doc = fio::test::render_json_job(job, true);
    EXPECT_FALSE(doc["jobs"][0]["sync"]["lat_ns"].contains("percentile"));
    EXPECT_FALSE(doc["jobs"][0]["sync"]["lat_ns"].contains("bins"));
    EXPECT_FALSE(doc["jobs"][0]["read"]["clat_ns"].contains("bins"));
}

TEST(JsonPlusSink, RefusesToBeMadeWithoutAStream) {
    EXPECT_THROW(fio::outputs::json::make_json_plus_sink(OutputSetup{}), std::invalid_argument);
}

}  // namespace
