// --status-interval-mode and --output-format=jsonl (beyond stock): interval reports that
// carry each interval's own numbers and add up exactly to the final report, a JSON
// object per line and per report, cumulative mode as before, a bad mode refused.
#include "run_command.hpp"
#include "stock_compare.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <regex>
#include <string>
#include <vector>

namespace fio::test {
namespace {

using nlohmann::json;

// Two jobs, one of two threads merged by group_reporting, paced so that the loaded
// machine keeps up; three seconds with a report every second.
constexpr const char* kPacedJobs =
    "--ioengine=null --bs=4k --size=64m --time_based --runtime=3 --rate_iops=3000 "
    "--name=reader --rw=randread "
    "--name=mixer --rw=randrw --numjobs=2 --group_reporting --new_group";

// Every line of `text` that starts with '{', each of which must be one JSON object.
std::vector<json> json_lines(const std::string& text) {
    std::vector<json> objects;
    for (const auto& line : nonempty_lines(text)) {
        if (line.front() != '{') continue;
        EXPECT_TRUE(json::accept(line)) << line.substr(0, 200);
        if (!json::accept(line)) continue;
        objects.push_back(json::parse(line));
        EXPECT_TRUE(objects.back().is_object());
    }
    return objects;
}

// job name -> direction -> (total_ios, io_bytes) of one jsonl line.
using Counts = std::map<std::string, std::map<std::string, std::pair<std::uint64_t, std::uint64_t>>>;

Counts counts_of(const json& line) {
    Counts counts;
    for (const auto& job : line.at("jobs")) {
        for (const char* dir : {"read", "write"}) {
            counts[job.at("jobname")][dir] = {job.at(dir).at("total_ios").get<std::uint64_t>(),
                                              job.at(dir).at("io_bytes").get<std::uint64_t>()};
        }
    }
    return counts;
}

// The "issued rwts: total=R,W,..." reads plus writes of every job block of a text report.
std::vector<std::uint64_t> issued_totals(const std::string& text) {
    static const std::regex issued("issued rwts: total=([0-9]+),([0-9]+),");
    std::vector<std::uint64_t> totals;
    for (std::sregex_iterator it(text.begin(), text.end(), issued), end; it != end; ++it) {
        totals.push_back(std::stoull((*it)[1]) + std::stoull((*it)[2]));
    }
    return totals;
}

TEST(IntervalReports, DeltaIntervalsAddUpExactlyToTheFinalReport) {
    const auto r = run_fio(std::string(kPacedJobs) +
                           " --status-interval=1 --status-interval-mode=delta --output-format=normal,jsonl");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const auto lines = json_lines(r.out);
    // At least two interim reports, the tail's, and the final line, last.
    ASSERT_GE(lines.size(), 4u) << r.out;
    const json& final_line = lines.back();
    EXPECT_EQ(final_line["type"], "final");
    EXPECT_EQ(final_line["mode"], "cumulative");
    Counts sum;
    std::uint64_t previous_seq = 0;
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        EXPECT_EQ(lines[i]["type"], "interval");
        EXPECT_EQ(lines[i]["mode"], "delta");
        EXPECT_EQ(lines[i]["seq"].get<std::uint64_t>(), previous_seq + 1);
        previous_seq = lines[i]["seq"].get<std::uint64_t>();
        ASSERT_EQ(lines[i]["jobs"].size(), 2u);  // the reader, and the mixers merged
        for (const auto& [job, dirs] : counts_of(lines[i])) {
            for (const auto& [dir, c] : dirs) {
                sum[job][dir].first += c.first;
                sum[job][dir].second += c.second;
            }
        }
    }
    const Counts total = counts_of(final_line);
    EXPECT_EQ(sum, total);
    EXPECT_GT(total.at("reader").at("read").first, 0u);
    EXPECT_GT(total.at("mixer").at("write").first, 0u);
    // No interval holds the whole run: each has only its own I/Os.
    EXPECT_LT(counts_of(lines[1]).at("reader").at("read").first, total.at("reader").at("read").first);

    // The text report of each interval likewise: the job blocks before the final
    // report's two add up to those two. (An interval in which a job did no I/O has no
    // block for it, as stock's report leaves out a job that did nothing.)
    const auto issued = issued_totals(r.out);
    ASSERT_GE(issued.size(), 4u) << r.out;
    std::uint64_t intervals = 0;
    for (std::size_t i = 0; i + 2 < issued.size(); ++i) intervals += issued[i];
    EXPECT_EQ(intervals, issued[issued.size() - 2] + issued.back());
}

TEST(IntervalReports, DeltaTerseLinesAddUpToTheLast) {
    const auto r = run_fio("--name=x --ioengine=null --bs=4k --size=64m --rw=read --time_based --runtime=2 "
                           "--rate_iops=3000 -L 1 --status-interval-mode=delta --minimal");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto lines = nonempty_lines(r.out);
    ASSERT_GE(lines.size(), 3u) << r.out;  // >= 1 interim, the tail, the final
    std::uint64_t read_kb = 0;
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) read_kb += std::stoull(split_fields(lines[i]).at(5));
    EXPECT_EQ(read_kb, std::stoull(split_fields(lines.back()).at(5)));
    EXPECT_GT(read_kb, 0u);
}

TEST(IntervalReports, CumulativeIsStillTheDefault) {
    for (const char* mode : {"", " --status-interval-mode=cumulative"}) {
        const auto r = run_fio(std::string(kPacedJobs) + " --status-interval=1 --output-format=jsonl" + mode);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const auto lines = json_lines(r.out);
        ASSERT_GE(lines.size(), 3u) << r.out;
        EXPECT_EQ(lines.size(), nonempty_lines(r.out).size());  // nothing but JSON lines
        std::uint64_t previous = 0;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            EXPECT_EQ(lines[i]["type"], i + 1 == lines.size() ? "final" : "interval") << mode;
            EXPECT_EQ(lines[i]["mode"], "cumulative") << mode;
            const std::uint64_t reads = counts_of(lines[i]).at("reader").at("read").first;
            EXPECT_GE(reads, previous) << "reports grow, no tail interval: " << mode;
            previous = reads;
        }
    }
}

TEST(IntervalReports, JsonlWithoutStatusIntervalIsTheFinalLineAlone) {
    for (const char* mode : {"", " --status-interval-mode=delta"}) {
        const auto r = run_fio(std::string("--name=x --ioengine=null --size=8m --output-format=jsonl") + mode);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const auto lines = nonempty_lines(r.out);
        ASSERT_EQ(lines.size(), 1u) << r.out;
        const json line = json::parse(lines[0]);
        EXPECT_EQ(line["type"], "final");
        EXPECT_EQ(line["seq"], 1);
        EXPECT_EQ(line["jobs"][0]["read"]["io_bytes"], 8 * 1024 * 1024);
        EXPECT_TRUE(line.contains("timestamp_ms"));
        EXPECT_TRUE(line.contains("elapsed_ms"));
    }
}

TEST(IntervalReports, ABadModeIsRefusedInOneLine) {
    const auto r = run_fio("--status-interval-mode=sometimes --name=x --ioengine=null --size=1m");
    EXPECT_NE(r.exit_code, 0);
    EXPECT_EQ(r.out, "");
    ASSERT_EQ(nonempty_lines(r.err).size(), 1u) << r.err;
    EXPECT_NE(r.err.find("--status-interval-mode"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("'sometimes'"), std::string::npos) << r.err;
    const auto empty = run_fio("--status-interval-mode= --name=x --ioengine=null --size=1m");
    EXPECT_NE(empty.exit_code, 0);
    EXPECT_EQ(nonempty_lines(empty.err).size(), 1u) << empty.err;
}

TEST(IntervalReports, HelpDescribesThem) {
    const auto r = run_fio("--help");
    EXPECT_NE(r.out.find("--status-interval-mode"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("jsonl"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace fio::test
