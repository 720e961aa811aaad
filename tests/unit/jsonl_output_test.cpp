// The `jsonl` output: one complete JSON object per line and per report, marked interval
// or final, cumulative or delta, with the json output's job objects.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "captured_output.hpp"
#include "jsonl_sink.hpp"

namespace {

using namespace fio::sdk;
using namespace std::string_literals;
using nlohmann::json;

JobResult job_with_reads(std::uint64_t ios) {
    JobResult job;
    job.name = "t\nwith a newline"s;  // must not break the line
    job.elapsed_s = 1;
    job.directions[0].total_ios = ios;
    job.directions[0].io_bytes = ios * 4096;
    job.directions[0].runtime_ns = 1'000'000'000;
    for (std::uint64_t i = 0; i < ios; ++i) job.directions[0].clat.add(1000 + i);
    return job;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (auto end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    EXPECT_EQ(start, text.size()) << "the output ends with a newline";
    return lines;
}

TEST(JsonlOutput, WritesOneObjectPerReportAndLine) {
    fio::test::CapturedText out;
    OutputSetup setup;
    setup.stream = &out;
    auto sink = fio::outputs::json::make_jsonl_sink(setup);
    RunInfo run;
    run.fio_version = "fio-3.33"s;
    run.start_epoch_ms = 1'000'000;
    sink->run_started(run);
    const auto report = [&](std::uint64_t ios, ReportKind kind, std::int64_t end_ms) {
        sink->job_finished(job_with_reads(ios));
        GroupResult group;
        group.directions[0].io_bytes = ios * 4096;
        sink->group_finished(group);
        RunSummary summary;
        summary.end_epoch_ms = end_ms;
        summary.kind = kind;
        sink->run_finished(summary);
    };
    report(10, ReportKind::interim_delta, 1'001'000);
    report(5, ReportKind::interim_delta, 1'002'000);
    report(15, ReportKind::final_report, 1'002'500);

    const auto lines = lines_of(out.text());
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(out.flushes(), 3);
    std::vector<json> objects;
    for (const auto& line : lines) {
        ASSERT_TRUE(json::accept(line)) << line;
        objects.push_back(json::parse(line));
        ASSERT_TRUE(objects.back().is_object());
    }
    EXPECT_EQ(objects[0]["type"], "interval");
    EXPECT_EQ(objects[0]["mode"], "delta");
    EXPECT_EQ(objects[0]["seq"], 1);
    EXPECT_EQ(objects[0]["elapsed_ms"], 1000);
    EXPECT_EQ(objects[0]["timestamp_ms"], 1'001'000);
    EXPECT_EQ(objects[0]["fio version"], "fio-3.33");
    EXPECT_EQ(objects[1]["seq"], 2);
    EXPECT_EQ(objects[2]["type"], "final");
    EXPECT_EQ(objects[2]["mode"], "cumulative");
    EXPECT_EQ(objects[2]["elapsed_ms"], 2500);
    // Each report has only its own jobs (the sink forgets them after each line).
    for (const auto& object : objects) ASSERT_EQ(object["jobs"].size(), 1u);
    EXPECT_EQ(objects[0]["jobs"][0]["jobname"], "t\nwith a newline");
    EXPECT_EQ(objects[0]["jobs"][0]["read"]["total_ios"], 10);
    EXPECT_EQ(objects[1]["jobs"][0]["read"]["total_ios"], 5);
    EXPECT_EQ(objects[2]["jobs"][0]["read"]["total_ios"], 15);
    EXPECT_TRUE(objects[2]["jobs"][0]["read"]["clat_ns"].contains("percentile"));
}

TEST(JsonlOutput, CumulativeIntervalsSaySo) {
    fio::test::CapturedText out;
    OutputSetup setup;
    setup.stream = &out;
    auto sink = fio::outputs::json::make_jsonl_sink(setup);
    sink->run_started(RunInfo{});
    sink->job_finished(job_with_reads(3));
    RunSummary summary;
    summary.kind = ReportKind::interim_cumulative;
    sink->run_finished(summary);
    const json line = json::parse(lines_of(out.text()).at(0));
    EXPECT_EQ(line["type"], "interval");
    EXPECT_EQ(line["mode"], "cumulative");
    EXPECT_EQ(line["elapsed_ms"], 0);  // no start time known
}

TEST(JsonlOutput, NeedsAStream) {
    EXPECT_THROW(fio::outputs::json::make_jsonl_sink(OutputSetup{}), std::invalid_argument);
}

}  // namespace
