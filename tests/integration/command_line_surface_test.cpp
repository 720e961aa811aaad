// Stock fio 3.33's command-line surface, side by side with /usr/bin/fio: single-dash
// long options and short letters (getopt_long_only), --status-interval in every format,
// the progress options, --bandwidth-log, --append-terse, --crctest, --cpuclock-test, and
// the options refused in one line.
#include "stock_compare.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace fio::test {
namespace {

using nlohmann::json;

// Several JSON documents printed one after another (stock's --status-interval).
std::vector<json> json_documents(const std::string& text) {
    std::vector<json> documents;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find("\n}\n", start);
        if (end == std::string::npos) break;
        const std::string one = text.substr(start, end + 2 - start);
        EXPECT_TRUE(json::accept(one)) << one.substr(0, 200);
        if (json::accept(one)) documents.push_back(json::parse(one));
        start = end + 3;
    }
    return documents;
}

constexpr const char* kShortJob = "-name=x -ioengine=null -size=16m -rw=randread";
constexpr const char* kThreeSeconds =
    "--name=x --ioengine=null --size=1g --rw=randread --time_based --runtime=3";

TEST(CommandLineSurface, SingleDashLongOptionsRunAsInStock) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const auto both = run_side_by_side(
        std::string("-bs=4k -iodepth 1 -output-format=json ") + kShortJob);
    ASSERT_EQ(both.stock.exit_code, 0) << both.stock.err;
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    EXPECT_EQ(both.ours.err, both.stock.err);
    const auto differences = json_path_differences(json::parse(both.stock.out), json::parse(both.ours.out));
    for (const auto& d : differences) {
        EXPECT_TRUE(d.find("disk_util") != std::string::npos || d.find("global options") != std::string::npos ||
                    d.find("job options") != std::string::npos)
            << d;  // disk stats and the options split are issue 12's causes 4 and 5
    }
    const auto ours = json::parse(both.ours.out);
    EXPECT_EQ(ours["jobs"][0]["read"]["io_bytes"], 16 * 1024 * 1024);
}

TEST(CommandLineSurface, MinimalWithOneDashPrintsStocksTerseFields) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const auto both = run_side_by_side(std::string("-minimal ") + kShortJob);
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    EXPECT_EQ(both.ours.err, both.stock.err);
    const auto ours = nonempty_lines(both.ours.out);
    const auto stock = nonempty_lines(both.stock.out);
    ASSERT_EQ(ours.size(), stock.size());
    EXPECT_EQ(split_fields(ours[0])[2], "x");
}

TEST(CommandLineSurface, ShortLettersAreStocks) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    for (const char* args : {"-v", "--version"}) {
        const auto both = run_side_by_side(args);
        EXPECT_EQ(both.ours.exit_code, both.stock.exit_code) << args;
        EXPECT_EQ(both.ours.out, both.stock.out) << args;
    }
    // -o FILE and -oFILE, as getopt reads them; "--" ends the options.
    for (const char* form : {"-o report.txt", "-oreport.txt"}) {
        const auto both = run_side_by_side(std::string(form) + " -m " + kShortJob + " && cat report.txt");
        EXPECT_EQ(both.ours.exit_code, 0) << form << both.ours.err;
        EXPECT_EQ(nonempty_lines(both.ours.out).size(), nonempty_lines(both.stock.out).size()) << form;
        EXPECT_EQ(split_fields(both.ours.out).size(), split_fields(both.stock.out).size()) << form;
    }
    const auto help = run_side_by_side("-h");
    EXPECT_EQ(help.ours.exit_code, help.stock.exit_code);
    EXPECT_NE(help.ours.out.find("-L, --status-interval"), std::string::npos);
}

TEST(CommandLineSurface, JobFileOnStdinWithADash) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const auto both = run_side_by_side("--minimal - < job.fio",
                                       "printf '[x]\\nioengine=null\\nsize=1m\\n' > job.fio");
    EXPECT_EQ(both.ours.exit_code, 0) << both.ours.err;
    EXPECT_EQ(split_fields(both.ours.out).size(), split_fields(both.stock.out).size());
}

TEST(CommandLineSurface, StatusIntervalPrintsTheFullReportInEveryFormat) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    // Normal: each report has the job's block and its group's line.
    const auto normal = run_side_by_side(std::string(kThreeSeconds) + " --status-interval=1");
    ASSERT_EQ(normal.ours.exit_code, 0) << normal.ours.err;
    EXPECT_EQ(normal.ours.err, normal.stock.err);
    const auto count = [](const std::string& text, const std::string& what) {
        std::size_t n = 0;
        for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
        return n;
    };
    // Each report (>= 2 interim + the last) has the lines scripts grep, as stock's do.
    for (const char* line : {"\nx: (groupid=0, jobs=1)", "\n  read: IOPS=", "\n    clat percentiles",
                             "\n  cpu          :", "\n     issued rwts:", "\nRun status group 0",
                             "\n   READ: bw="}) {
        EXPECT_GE(count(normal.ours.out, line), 3u) << line;
        EXPECT_GE(count(normal.stock.out, line), 3u) << line;
    }

    // JSON: one complete document per interval, each with stock's key paths.
    const auto js = run_side_by_side(std::string(kThreeSeconds) + " --status-interval=1 --output-format=json");
    ASSERT_EQ(js.ours.exit_code, 0) << js.ours.err;
    const auto ours = json_documents(js.ours.out);
    const auto stock = json_documents(js.stock.out);
    EXPECT_GE(ours.size(), 3u);
    ASSERT_GE(stock.size(), 1u);
    for (const auto& document : ours) {
        ASSERT_EQ(document["jobs"].size(), 1u);
        EXPECT_EQ(document["jobs"][0]["jobname"], "x");
    }
    // The read counts grow from one report to the next.
    EXPECT_LT(ours.front()["jobs"][0]["read"]["total_ios"].get<long>(),
              ours.back()["jobs"][0]["read"]["total_ios"].get<long>());

    // Terse: one line per job per interval, with stock's field count.
    const auto terse = run_side_by_side(std::string(kThreeSeconds) + " -L 1 --minimal");
    const auto lines = nonempty_lines(terse.ours.out);
    EXPECT_GE(lines.size(), 3u);
    for (const auto& line : lines) {
        EXPECT_EQ(split_fields(line).size(), split_fields(nonempty_lines(terse.stock.out).back()).size());
    }
}

TEST(CommandLineSurface, SigUsr1PrintsTheReportOnce) {
    const auto r = run_shell(std::string(FIO_BINARY) + " " + kThreeSeconds +
                             " --minimal & pid=$!; sleep 1.2; kill -USR1 $pid; wait $pid", 60);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(nonempty_lines(r.out).size(), 2u) << r.out;  // the interim and the last
}

// As stock: a run stopped by SIGINT or SIGTERM says so on stdout, between the jobs' end
// and the report, and exits 128. (Stock's own answer varies with when the signal lands in
// its startup, so this is checked against the behaviour it shows once running.)
TEST(CommandLineSurface, StoppedBySignalSaysSoAndExits128) {
    for (const char* signal_name : {"INT", "TERM"}) {
        const auto r = run_shell(std::string(FIO_BINARY) + " " + kThreeSeconds +
                                 " --runtime=30 --eta=never & pid=$!; sleep 1; kill -" +
                                 signal_name + " $pid; wait $pid", 60);
        EXPECT_EQ(r.exit_code, 128) << signal_name << r.err;
        const std::string said = std::string("\nfio: terminating on signal ") +
                                 (signal_name[0] == 'I' ? "2" : "15") + "\n";
        const auto at = r.out.find(said);
        ASSERT_NE(at, std::string::npos) << r.out;
        EXPECT_LT(r.out.find("Starting 1 process"), at);
        EXPECT_GT(r.out.find("x: (groupid=0"), at);
        EXPECT_EQ(r.err, "");
    }
}

// With JSON on stdout the note goes to stderr, so the document stays valid.
TEST(CommandLineSurface, StoppedBySignalKeepsJsonOnStdoutValid) {
    const auto r = run_shell(std::string(FIO_BINARY) + " " + kThreeSeconds +
                             " --runtime=30 --output-format=json & pid=$!; sleep 1; "
                             "kill -INT $pid; wait $pid", 60);
    EXPECT_EQ(r.exit_code, 128) << r.err;
    EXPECT_EQ(r.err, "\nfio: terminating on signal 2\n");
    const auto report = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(report.is_discarded()) << r.out;
    EXPECT_EQ(report["jobs"].size(), 1u);
}

TEST(CommandLineSurface, TimedOptionsRefuseBadTimes) {
    for (const char* args : {"--status-interval=0", "--eta-interval=100ms", "--eta-newline=0",
                             "--status-interval=soon"}) {
        const auto r = run_fio(std::string(args) + " " + kShortJob);
        EXPECT_EQ(r.exit_code, 1) << args;
        EXPECT_EQ(nonempty_lines(r.err).size(), 1u) << args << r.err;
    }
}

TEST(CommandLineSurface, EtaNewlineStartsFreshProgressLines) {
    const auto r = run_fio(std::string(kThreeSeconds) + " --eta=always --eta-newline=1 --minimal", 60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_GE(nonempty_lines(r.err).size(), 2u) << r.err;
    const auto redrawn = run_fio(std::string(kThreeSeconds) + " --eta=always --minimal", 60);
    EXPECT_EQ(nonempty_lines(redrawn.err).size(), 1u) << redrawn.err;
}

TEST(CommandLineSurface, AppendTerseAddsTerseLinesToTheNormalReport) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const auto both = run_side_by_side(std::string("--append-terse ") + kShortJob);
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    // As stock: the banner, then the terse line, then the normal report.
    for (const auto* side : {&both.ours, &both.stock}) {
        const auto terse = side->out.find("\n3;fio-3.33;x;");
        ASSERT_NE(terse, std::string::npos) << side->out;
        EXPECT_LT(side->out.find("Starting 1 "), terse);
        EXPECT_GT(side->out.find("\nx: (groupid=0"), terse);
        EXPECT_GT(side->out.find("Run status group 0"), terse);
    }
}

TEST(CommandLineSurface, BandwidthLogCreatesStocksAggregateFiles) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const auto both = run_side_by_side(std::string("--bandwidth-log --minimal ") + kShortJob +
                                       " >/dev/null && ls agg-* && cat agg-*");
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    EXPECT_EQ(both.ours.out, both.stock.out);
    EXPECT_EQ(both.ours.out, "agg-read_bw.log\nagg-trim_bw.log\nagg-write_bw.log\n");
}

TEST(CommandLineSurface, AcceptedOptionsRunLikeStock) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    for (const char* args : {"--alloc-size=32768", "-a 1024", "--aux-path=.", "--warnings-fatal",
                             "--eta-interval=500ms", "--output-format=csv"}) {
        const auto both = run_side_by_side(std::string(args) + " --minimal " + kShortJob);
        EXPECT_EQ(both.ours.exit_code, both.stock.exit_code) << args << both.ours.err;
        EXPECT_EQ(both.ours.err, both.stock.err) << args;
        EXPECT_EQ(split_fields(both.ours.out).size(), split_fields(both.stock.out).size()) << args;
    }
}

TEST(CommandLineSurface, WarningsFatalTurnsAParserWarningIntoAFailure) {
    // As stock: the parser's warnings are fatal; our notes on options without effect
    // here (verify_async_cpus) are not (random_options_cli_test.cpp).
    const std::string job = "--name=x --ioengine=null --size=1m --minimal --time_based";
    EXPECT_EQ(run_fio(job).exit_code, 0);
    const auto r = run_fio("--warnings-fatal " + job);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("time_based requires a runtime"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(run_fio("--warnings-fatal --name=x --ioengine=null --size=1m --minimal "
                      "--verify_async_cpus=0").exit_code, 0);
}

TEST(CommandLineSurface, CrctestPrintsStocksLines) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    const auto both = run_side_by_side("--crctest=crc32c,xxhash,murmur3,jhash,fnv,sha3-224");
    ASSERT_EQ(both.ours.exit_code, 0) << both.ours.err;
    // The same lines but for the numbers (and how wide they are).
    const auto unpadded = [](std::vector<std::string> lines) {
        for (auto& line : lines) std::erase(line, ' ');
        return lines;
    };
    EXPECT_EQ(unpadded(masked_lines(both.ours.out)), unpadded(masked_lines(both.stock.out))) << both.ours.out;
    const auto unknown = run_fio("--crctest=bogus");
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_EQ(nonempty_lines(unknown.err).size(), 1u);
}

TEST(CommandLineSurface, CrctestListsAndRefusesAsStock) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    for (const char* args : {"--crctest=list", "--crctest=help", "--crctest=bogus"}) {
        const auto both = run_side_by_side(args);
        EXPECT_EQ(both.ours.exit_code, both.stock.exit_code) << args;
        EXPECT_EQ(both.ours.out, both.stock.out) << args;  // the 17 names, in stock's order
        EXPECT_EQ(both.ours.err, both.stock.err) << args;
    }
}

TEST(CommandLineSurface, CpuclockTestPassesAsStocks) {
    if (!stock_available()) GTEST_SKIP() << "no stock fio";
    // The verdict and the mismatch lines before it depend on the machine's load (stock's
    // too): compare the other lines.
    const auto both = run_side_by_side("--cpuclock-test");
    const auto stock_cs = [](const std::string& text) {
        std::vector<std::string> lines;
        for (const auto& line : masked_lines(text)) {
            if (line.starts_with("cs: Failed: ")) lines.push_back("cs: Pass!");
            else if (line.starts_with("cs: CPU clock mismatch")) continue;
            else if (line.starts_with("cs:")) lines.push_back(line);
        }
        return lines;
    };
    EXPECT_EQ(stock_cs(both.ours.out), stock_cs(both.stock.out));
}

TEST(CommandLineSurface, UnsupportedOptionsAreRefusedInOneLine) {
    for (const char* args : {"--trigger-remote=true", "--client=localhost --trigger-timeout=1",
                             "--client=localhost --idle-prof=system", "--trigger-timeout=0",
                             "--idle-prof=bogus", "--latency-log=x", "--terse-version=4"}) {
        const auto r = run_fio(std::string(args) + " " + kShortJob);
        EXPECT_EQ(r.exit_code, 1) << args;
        EXPECT_EQ(nonempty_lines(r.err).size(), 1u) << args << r.err;
        EXPECT_EQ(r.out, "") << args;
    }
}

}  // namespace
}  // namespace fio::test
