// The wire codecs of the result model (fio/sdk/wire_results.hpp): exact round trips,
// merges of decoded results equal to merges of the originals ("All clients"), what a
// 1.0 peer sends and what a bad payload gets.
#include <fio/sdk/wire_messages.hpp>

#include <gtest/gtest.h>

#include "sample_results.hpp"

namespace fio::sdk::wire {
namespace {

using test::expect_same;
using test::sample_job;

template <class T>
T round_trip(const T& value, std::uint16_t minor = kPayloadMinor) {
    const std::vector<std::uint8_t> bytes = encode_payload(value, minor);
    T decoded;
    std::string error;
    EXPECT_TRUE(decode_payload(bytes, decoded, error)) << error;
    EXPECT_EQ(error, "");
    return decoded;
}

TEST(WireResults, JobResultSurvivesTheRoundTripField_by_field) {
    const JobResult job = sample_job(1);
    // The sample exercises what is hard to carry: > 64-bit sums of squares and the
    // histogram's last bucket.
    ASSERT_GT(job.directions[0].clat.stats.sum_squares >> 64, 0u);
    ASSERT_GT(job.directions[0].clat.histogram.counts[kHistogramBuckets - 1], 0u);
    expect_same(round_trip(job), job);
}

TEST(WireResults, DefaultJobResultSurvivesTheRoundTrip) {
    expect_same(round_trip(JobResult{}), JobResult{});
}

TEST(WireResults, MergedDecodedResultsGiveTheSamePercentilesAsTheOriginals) {
    JobResult merged_originals = sample_job(1);
    JobResult merged_decoded = round_trip(sample_job(1));
    for (std::uint64_t seed = 2; seed <= 3; ++seed) {
        merged_originals.merge(sample_job(seed));
        merged_decoded.merge(round_trip(sample_job(seed)));
    }
    expect_same(merged_decoded, merged_originals);
    for (std::size_t d = 0; d < 3; ++d) {
        const auto& original = merged_originals.directions[d].clat;
        const auto& decoded = merged_decoded.directions[d].clat;
        EXPECT_EQ(decoded.histogram.percentiles(kDefaultPercentiles),
                  original.histogram.percentiles(kDefaultPercentiles));
        EXPECT_EQ(decoded.stats.stddev(), original.stats.stddev());
    }
}

TEST(WireResults, HistogramsTravelSparse) {
    JobResult job;
    job.directions[0].clat.add(1000);
    // One bucket: a few dozen bytes, not 3 x 1856 counts.
    EXPECT_LT(encode_payload(job).size(), 1000u);
}

TEST(WireResults, MinorZeroLeavesOutWhatOnePointOneAdded) {
    const JobResult job = sample_job(4);
    const JobResult old = round_trip(job, 0);
    for (const auto& prios : old.priority_latency) EXPECT_TRUE(prios.empty());
    EXPECT_EQ(old.client_host, "");
    // Everything 1.0 had arrives.
    JobResult expected = job;
    expected.priority_latency = {};
    expected.client_host.clear();
    expected.series = {};
    expect_same(old, expected);
}

TEST(WireResults, SeriesWhoseListsDisagreeAreRefused) {
    JobResult job;
    job.series[1].clat = {{500, {{1, 2, 3, 4}}}};
    detail::Json map = detail::job_result_to_json(job, kPayloadMinor);
    map["ser"][1]["cp"].push_back(5);  // five percentiles for one time
    JobResult decoded;
    std::string error;
    EXPECT_FALSE(decode_payload(detail::to_bytes(map), decoded, error));
    EXPECT_NE(error.find("cp"), std::string::npos) << error;
    map["ser"][1].erase("cp");
    map["ser"][1]["bt"] = {1, 2};
    map["ser"][1]["bw"] = {1};
    EXPECT_FALSE(decode_payload(detail::to_bytes(map), decoded, error));
    EXPECT_NE(error.find("bw"), std::string::npos) << error;
}

TEST(WireResults, ResultsWithoutSeriesSendNoSeriesKey) {
    JobResult job;
    job.directions[0].clat.add(1000);
    EXPECT_FALSE(detail::job_result_to_json(job, kPayloadMinor).contains("ser"));
    job.series[0].iops = {{500, 3}};
    EXPECT_TRUE(detail::job_result_to_json(job, kPayloadMinor).contains("ser"));
}

TEST(WireResults, GroupResultSurvivesTheRoundTrip) {
    GroupResult group;
    group.groupid = 7;
    group.unified_rw = 1;
    for (std::size_t d = 0; d < 3; ++d) {
        group.directions[d] = {100 + d, 200 + d, 300 + d, 400 + d, 500 + d, 600 + d};
    }
    group.kb_base = 1000;
    group.significant_figures = 6;
    group.client_host = "/run/fio.sock";
    group.all_clients = true;
    const GroupResult back = round_trip(group);
    EXPECT_EQ(back.groupid, 7u);
    EXPECT_EQ(back.unified_rw, 1u);
    for (std::size_t d = 0; d < 3; ++d) {
        EXPECT_EQ(back.directions[d].io_bytes, 100 + d);
        EXPECT_EQ(back.directions[d].agg_bw_bytes, 200 + d);
        EXPECT_EQ(back.directions[d].min_bw_bytes, 300 + d);
        EXPECT_EQ(back.directions[d].max_bw_bytes, 400 + d);
        EXPECT_EQ(back.directions[d].min_runtime_ms, 500 + d);
        EXPECT_EQ(back.directions[d].max_runtime_ms, 600 + d);
    }
    EXPECT_EQ(back.kb_base, 1000u);
    EXPECT_EQ(back.significant_figures, 6u);
    EXPECT_EQ(back.client_host, "/run/fio.sock");
    EXPECT_TRUE(back.all_clients);
}

// Decodes the CBOR of `json` as a job result; returns the error ("" when it decoded).
std::string job_result_error(const nlohmann::json& json) {
    JobResult job;
    std::string error;
    const bool ok = decode_payload(nlohmann::json::to_cbor(json), job, error);
    EXPECT_EQ(ok, error.empty());
    return error;
}

TEST(WireResults, BadFieldsAreNamed) {
    using nlohmann::json;
    EXPECT_EQ(job_result_error({{"dirs", 5}}), "job result: field 'dirs' is not an array");
    EXPECT_EQ(job_result_error({{"dirs", json::array({1, 2, 3, 4})}}),
              "job result: field 'dirs' has more than 3 items");
    EXPECT_EQ(job_result_error({{"dirs", json::array({{{"clat", {{"h", {1856, 1}}}}}})}}),
              "job result: field 'dirs[0].clat.h' has a bucket index out of range or out of "
              "order");
    EXPECT_EQ(job_result_error({{"dirs", json::array({{{"clat", {{"h", {5, 1, 5, 1}}}}}})}}),
              "job result: field 'dirs[0].clat.h' has a bucket index out of range or out of "
              "order");
    EXPECT_EQ(job_result_error({{"dirs", json::array({{{"clat", {{"h", {5}}}}}})}}),
              "job result: field 'dirs[0].clat.h' is not a list of index/count pairs");
    EXPECT_EQ(job_result_error({{"sync", {{"s", {{"n", -1}}}}}}),
              "job result: field 'sync.s.n' is not an unsigned integer");
    EXPECT_EQ(job_result_error({{"g", 1ull << 32}}), "job result: field 'g' is out of range");
    EXPECT_EQ(job_result_error({{"name", 3}}), "job result: field 'name' is not a string");
    EXPECT_EQ(job_result_error({{"opts", {{"a", "b", "c"}}}}),
              "job result: field 'opts' is not a [name, value] pair");
    EXPECT_EQ(job_result_error({{"ss", {{"iops", json::array({1, "x"})}}}}),
              "job result: field 'ss.iops' is not an unsigned integer");
    EXPECT_EQ(job_result_error({{"usr", "fast"}}), "job result: field 'usr' is not a number");
    EXPECT_EQ(job_result_error({{"v", {2, 0}}}),
              "job result: sender speaks payload version 2.0; this fio reads major 1");
    EXPECT_EQ(job_result_error(json::array({1, 2})), "job result: payload is not a map");
}

TEST(WireResults, ListsOverTheirLimitAreRefused) {
    nlohmann::json options = nlohmann::json::array();
    for (int i = 0; i < 4097; ++i) options.push_back({"k", "v"});
    EXPECT_EQ(job_result_error({{"opts", options}}),
              "job result: field 'opts' has more than 4096 items");
}

}  // namespace
}  // namespace fio::sdk::wire
