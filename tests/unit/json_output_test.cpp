// The `json` output: fio's JSON document rendered from hand-made results; keys, key
// order, values and number formatting as stock fio 3.33 prints them.
#include <climits>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "json_keys.hpp"

#include "captured_output.hpp"
#include <nlohmann/json.hpp>

#include "json_report.hpp"
#include "json_sink.hpp"
#include "json_writer.hpp"

namespace {

using namespace fio::sdk;
// Fields are assigned std::string literals ("t"s): GCC 12 at -O3 warns falsely
// (-Wrestrict, GCC bug 105329) about assigning a char literal to a std::string.
using namespace std::string_literals;
using fio::outputs::json::fio_json_text;
using fio::outputs::json::Json;

using fio::test::CapturedText;

using fio::test::keys_of;

// 16384 reads of 4 KiB in 9 ms; completion latencies 16000 x 20 ns, 300 x 30 ns and
// 84 x 10 us.
JobResult fast_read_job() {
    JobResult job;
    job.name = "t"s;
    job.elapsed_s = 1;
    job.job_runtime_ns = 10'000'000;
    job.options = {{"name", "t"}, {"ioengine", "null"}, {"thread", ""}, {"size", "64m"}};
    DirectionResult& read = job.directions[0];
    read.io_bytes = 16384ull * 4096;
    read.total_ios = 16384;
    read.runtime_ns = 9'000'000;
    for (int i = 0; i < 16000; ++i) read.clat.add(20);
    for (int i = 0; i < 300; ++i) read.clat.add(30);
    for (int i = 0; i < 84; ++i) read.clat.add(10'000);
    job.latency_ns[4] = 16300;
    job.latency_us[3] = 84;
    job.usr_cpu_ns = 2'500'000;
    job.minf = 8;
    job.depth_levels[0] = 16384;
    return job;
}

// Runs a whole sink over one job (and optionally its group and a disk) and returns the
// raw text it wrote.
std::string render_run(const JobResult& job, const GroupResult* group = nullptr,
                       const DiskUtil* disk = nullptr) {
    CapturedText out;
    OutputSetup setup;
    setup.stream = &out;
    auto sink = fio::outputs::json::make_json_sink(setup);
    RunInfo run;
    run.fio_version = "fio-3.33"s;
    run.total_threads = 1;
    sink->run_started(run);
    sink->job_finished(job);
    if (group) sink->group_finished(*group);
    if (disk) sink->disk_util(*disk);
    RunSummary summary;
    summary.end_epoch_ms = 1795629372467;
    sink->run_finished(summary);
    return out.text();
}

TEST(JsonWriter, LaysOutLikeStockFio) {
    Json doc;
    doc["a"] = 1;
    doc["b"] = Json::array({Json{{"c", 1.5}}});
    doc["d"] = "x\"y";
    EXPECT_EQ(fio_json_text(doc),
              "{\n"
              "  \"a\" : 1,\n"
              "  \"b\" : [\n"
              "    {\n"
              "      \"c\" : 1.500000\n"
              "    }\n"
              "  ],\n"
              "  \"d\" : \"x\\\"y\"\n"
              "}");
}

TEST(JsonWriter, FloatsKeepSixDecimalsEvenWhenWhole) {
    Json doc;
    doc["bw"] = 512000.0;
    doc["big"] = 5461333.333333333;
    doc["negative"] = -1;
    EXPECT_EQ(fio_json_text(doc),
              "{\n  \"bw\" : 512000.000000,\n  \"big\" : 5461333.333333,\n"
              "  \"negative\" : -1\n}");
}

TEST(JsonWriter, StaysValidWithAwkwardValues) {
    Json doc;
    doc["nan"] = std::nan("");
    doc["inf"] = HUGE_VAL;
    doc["text"] = std::string("tab\there, bad utf8 \xff, newline\n");
    doc["empty"] = Json::object();
    const std::string text = fio_json_text(doc);
    const auto parsed = nlohmann::json::parse(text);
    EXPECT_TRUE(parsed["nan"].is_null());
    EXPECT_TRUE(parsed["inf"].is_null());
    EXPECT_EQ(parsed["text"], "tab\there, bad utf8 \xef\xbf\xbd, newline\n");
    EXPECT_TRUE(parsed["empty"].empty());
}

TEST(JsonSink, DocumentKeysAndHeader) {
    const std::string text = render_run(fast_read_job());
    ASSERT_EQ(text.back(), '\n');
    const auto doc = nlohmann::ordered_json::parse(text);
    EXPECT_EQ(keys_of(doc), (std::vector<std::string>{"fio version", "timestamp",
                                                      "timestamp_ms", "time", "jobs"}));
    EXPECT_EQ(doc["fio version"], "fio-3.33");
    EXPECT_EQ(doc["timestamp"], 1795629372);
    EXPECT_EQ(doc["timestamp_ms"], 1795629372467);
    EXPECT_TRUE(doc["time"].is_string());
    ASSERT_EQ(doc["jobs"].size(), 1u);
    EXPECT_EQ(text.substr(0, 32), "{\n  \"fio version\" : \"fio-3.33\",\n");
}

TEST(JsonSink, JobKeysInStockOrder) {
    const auto doc = nlohmann::ordered_json::parse(render_run(fast_read_job()));
    const auto& job = doc["jobs"][0];
    EXPECT_EQ(keys_of(job),
              (std::vector<std::string>{
                  "jobname", "groupid", "error", "eta", "elapsed", "job options", "read", "write",
                  "trim", "sync", "job_runtime", "usr_cpu", "sys_cpu", "ctx", "majf", "minf",
                  "iodepth_level", "iodepth_submit", "iodepth_complete", "latency_ns",
                  "latency_us", "latency_ms", "latency_depth", "latency_target",
                  "latency_percentile", "latency_window"}));
    EXPECT_EQ(keys_of(job["read"]),
              (std::vector<std::string>{
                  "io_bytes", "io_kbytes", "bw_bytes", "bw", "iops", "runtime", "total_ios",
                  "short_ios", "drop_ios", "slat_ns", "clat_ns", "lat_ns", "bw_min", "bw_max",
                  "bw_agg", "bw_mean", "bw_dev", "bw_samples", "iops_min", "iops_max",
                  "iops_mean", "iops_stddev", "iops_samples"}));
    EXPECT_EQ(keys_of(job["read"]["clat_ns"]),
              (std::vector<std::string>{"min", "max", "mean", "stddev", "N", "percentile"}));
    EXPECT_EQ(keys_of(job["iodepth_level"]),
              (std::vector<std::string>{"1", "2", "4", "8", "16", "32", ">=64"}));
    EXPECT_EQ(keys_of(job["iodepth_submit"]),
              (std::vector<std::string>{"0", "4", "8", "16", "32", "64", ">=64"}));
    EXPECT_EQ(keys_of(job["latency_ms"]),
              (std::vector<std::string>{"2", "4", "10", "20", "50", "100", "250", "500", "750",
                                        "1000", "2000", ">=2000"}));
    EXPECT_EQ(keys_of(job["latency_ns"]).back(), "1000");
}

TEST(JsonSink, DirectionFiguresDerivedLikeFio) {
    const std::string text = render_run(fast_read_job());
    const auto doc = nlohmann::ordered_json::parse(text);
    const auto& read = doc["jobs"][0]["read"];
    EXPECT_EQ(read["io_bytes"], 67108864u);
    EXPECT_EQ(read["io_kbytes"], 65536u);
    EXPECT_EQ(read["bw_bytes"], 7456540444u);
    EXPECT_EQ(read["bw"], 7281777u);
    EXPECT_EQ(read["runtime"], 9u);
    EXPECT_EQ(read["total_ios"], 16384u);
    EXPECT_NE(text.find("\"iops\" : 1820444.444444,"), std::string::npos);
    EXPECT_EQ(read["clat_ns"]["min"], 20u);
    EXPECT_EQ(read["clat_ns"]["max"], 10000u);
    EXPECT_EQ(read["clat_ns"]["N"], 16384u);
    EXPECT_NE(text.find("\"mean\" : 71.350098,"), std::string::npos);
    const auto& percentile = read["clat_ns"]["percentile"];
    EXPECT_EQ(keys_of(percentile).front(), "1.000000");
    EXPECT_EQ(keys_of(percentile).back(), "99.990000");
    EXPECT_EQ(percentile["95.000000"], 20u);
    EXPECT_EQ(percentile["99.000000"], 30u);
    EXPECT_EQ(percentile["99.500000"], 10048u);
    // Latencies without samples, or without percentiles by default, have none.
    EXPECT_FALSE(read["slat_ns"].contains("percentile"));
    EXPECT_FALSE(read["lat_ns"].contains("percentile"));
    EXPECT_FALSE(doc["jobs"][0]["write"]["clat_ns"].contains("percentile"));
    EXPECT_EQ(doc["jobs"][0]["write"]["clat_ns"]["min"], 0u);
    EXPECT_EQ(doc["jobs"][0]["write"]["bw_min"], 0u);
    EXPECT_NE(text.find("\"iops\" : 0.000000,"), std::string::npos);
}

TEST(JsonSink, JobWideFigures) {
    const std::string text = render_run(fast_read_job());
    const auto doc = nlohmann::ordered_json::parse(text);
    const auto& job = doc["jobs"][0];
    EXPECT_EQ(job["jobname"], "t");
    EXPECT_EQ(job["error"], 0);
    EXPECT_EQ(job["eta"], INT_MAX);
    EXPECT_EQ(job["elapsed"], 1u);
    EXPECT_EQ(job["job_runtime"], 10u);
    EXPECT_DOUBLE_EQ(job["usr_cpu"].get<double>(), 25.0);
    EXPECT_EQ(job["minf"], 8u);
    EXPECT_DOUBLE_EQ(job["iodepth_level"]["1"].get<double>(), 100.0);
    EXPECT_NE(text.find("\"50\" : 99.487305,"), std::string::npos);
    EXPECT_NE(text.find("\"20\" : 0.512695,"), std::string::npos);
    EXPECT_EQ(job["latency_depth"], 1u);
    EXPECT_NE(text.find("\"latency_percentile\" : 100.000000,"), std::string::npos);
    EXPECT_NE(text.find("\"sys_cpu\" : 0.000000,"), std::string::npos);
    // Options without a value (flags) are left out, as fio does.
    EXPECT_EQ(keys_of(job["job options"]), (std::vector<std::string>{"name", "ioengine", "size"}));
    EXPECT_FALSE(job.contains("desc"));
}

TEST(JsonSink, EtaIsZeroOnceARunHasLastedThreeSeconds) {
    JobResult job = fast_read_job();
    job.elapsed_s = 3;
    const auto doc = nlohmann::json::parse(render_run(job));
    EXPECT_EQ(doc["jobs"][0]["eta"], 0);
}

TEST(JsonSink, BandwidthShareOfTheGroup) {
    JobResult job = fast_read_job();
    for (std::uint64_t v : {6, 8, 8, 8, 8}) job.directions[0].bw_samples.add(v);
    GroupResult group;
    group.directions[0].agg_bw_bytes = 15013;
    const std::string text = render_run(job, &group);
    EXPECT_NE(text.find("\"bw_agg\" : 47.745287,"), std::string::npos) << text;
    const auto doc = nlohmann::json::parse(text);
    EXPECT_EQ(doc["jobs"][0]["read"]["bw_min"], 6u);
    EXPECT_EQ(doc["jobs"][0]["read"]["bw_samples"], 5u);
    EXPECT_NE(text.find("\"bw_mean\" : 7.600000,"), std::string::npos);
    // Without samples there is no share at all.
    EXPECT_NE(text.find("\"bw_agg\" : 0.000000,"), std::string::npos);
}

TEST(JsonSink, SyncBlockWithPercentiles) {
    JobResult job = fast_read_job();
    job.sync_total_ios = 63;
    for (int i = 0; i < 63; ++i) job.sync_lat.add(36525);
    const auto doc = nlohmann::ordered_json::parse(render_run(job));
    const auto& sync = doc["jobs"][0]["sync"];
    EXPECT_EQ(keys_of(sync), (std::vector<std::string>{"total_ios", "lat_ns"}));
    EXPECT_EQ(sync["total_ios"], 63u);
    EXPECT_EQ(sync["lat_ns"]["percentile"]["50.000000"], 36608u);
}

TEST(JsonSink, FailedJobStillGivesValidJson) {
    JobResult job;
    job.name = "e \"quoted\""s;
    job.error = 28;
    job.error_text = "file:io_u.c:1876, func=io_u error, error=No space left on device"s;
    job.description = "line\nbreak"s;
    job.directions[1].total_ios = 1;
    const auto doc = nlohmann::ordered_json::parse(render_run(job));
    EXPECT_EQ(doc["jobs"][0]["error"], 28);
    EXPECT_EQ(doc["jobs"][0]["jobname"], "e \"quoted\"");
    EXPECT_EQ(doc["jobs"][0]["desc"], "line\nbreak");
    EXPECT_FALSE(doc["jobs"][0].contains("job options"));
    EXPECT_EQ(keys_of(doc["jobs"][0]).back(), "desc");
}

TEST(JsonSink, DiskUtilOnlyWhenDisksWereWatched) {
    EXPECT_FALSE(nlohmann::json::parse(render_run(fast_read_job())).contains("disk_util"));
    DiskUtil disk;
    disk.name = "vda"s;
    disk.read_ios = 16570;
    disk.write_ios = 6;
    disk.read_ticks_ms = 676;
    disk.in_queue_ms = 677;
    disk.util_percent = 66.933868;
    const std::string text = render_run(fast_read_job(), nullptr, &disk);
    const auto doc = nlohmann::ordered_json::parse(text);
    EXPECT_EQ(keys_of(doc).back(), "disk_util");
    const auto& vda = doc["disk_util"][0];
    EXPECT_EQ(keys_of(vda),
              (std::vector<std::string>{"name", "read_ios", "write_ios", "read_merges",
                                        "write_merges", "read_ticks", "write_ticks", "in_queue",
                                        "util"}));
    EXPECT_EQ(vda["read_ios"], 16570u);
    EXPECT_NE(text.find("      \"util\" : 66.933868\n    }\n  ]\n}\n"), std::string::npos);
}

TEST(JsonSink, DiskUtilOfADmDeviceHasStockAggregateKeys) {
    DiskUtil disk;
    disk.name = "dm-0"s;
    disk.slaves = {2, 21, 3, 1, 0, 9, 4, 13, 55.5};
    const auto doc = nlohmann::ordered_json::parse(render_run(fast_read_job(), nullptr, &disk));
    const auto& dm = doc["disk_util"][0];
    EXPECT_EQ(keys_of(dm),
              (std::vector<std::string>{"name", "read_ios", "write_ios", "read_merges",
                                        "write_merges", "read_ticks", "write_ticks", "in_queue",
                                        "util", "aggr_read_ios", "aggr_write_ios",
                                        "aggr_read_merges", "aggr_write_merge", "aggr_read_ticks",
                                        "aggr_write_ticks", "aggr_in_queue", "aggr_util"}));
    EXPECT_EQ(dm["aggr_read_ios"], 21u);
    EXPECT_EQ(dm["aggr_in_queue"], 13u);
    EXPECT_TRUE(dm["aggr_util"].is_number_float());
    EXPECT_DOUBLE_EQ(dm["aggr_util"].get<double>(), 55.5);
}

TEST(JsonSink, GlobalOptionsFollowTheTime) {
    CapturedText out;
    OutputSetup setup;
    setup.stream = &out;
    auto sink = fio::outputs::json::make_json_sink(setup);
    RunInfo run;
    run.global_options = {{"ioengine", "null"}, {"size", "1m"}};
    sink->run_started(run);
    sink->run_finished(RunSummary{});
    const auto doc = nlohmann::ordered_json::parse(out.text());
    EXPECT_EQ(keys_of(doc), (std::vector<std::string>{"fio version", "timestamp", "timestamp_ms",
                                                      "time", "global options", "jobs"}));
    EXPECT_EQ(doc["fio version"], "fio-3.33");
    EXPECT_EQ(doc["global options"]["size"], "1m");
    EXPECT_TRUE(doc["jobs"].empty());
}

TEST(JsonSink, RefusesToBeMadeWithoutAStream) {
    EXPECT_THROW(fio::outputs::json::make_json_sink(OutputSetup{}), std::invalid_argument);
}

}  // namespace

namespace {

// --idle-prof: stock's "cpu_idleness" object, cpu-N only for percpu, floats as stock's.
TEST(JsonIdleness, CpuIdlenessKeysAndValuesAsStocks) {
    CpuIdleness idleness;
    idleness.measured = true;
    idleness.per_cpu = true;
    idleness.system_percent = 3.5;
    idleness.cpu_percent = {1.25, 5.75};
    idleness.unit_mean_us = 62.697;
    idleness.unit_stddev_us = 0.5;
    const Json out = fio::outputs::json::idleness_json(idleness);
    EXPECT_EQ(keys_of(out), (std::vector<std::string>{"system", "cpu-0", "cpu-1", "unit_mean", "unit_stddev"}));
    EXPECT_EQ(out["cpu-1"].get<double>(), 5.75);
    idleness.per_cpu = false;
    EXPECT_EQ(keys_of(fio::outputs::json::idleness_json(idleness)),
              (std::vector<std::string>{"system", "unit_mean", "unit_stddev"}));
}

}  // namespace
