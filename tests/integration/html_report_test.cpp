// --output-format=html: the report page of a local run and of a client run (two local
// servers), opened in headless Chromium. The page's script writes, once every chart is
// drawn, how many charts and points it drew (#render-status); the test reads that from
// the DOM Chromium dumps and keeps a screenshot under the build tree's test-artifacts/.
// Skipped only when chromium is not installed (scripts/install-deps.sh installs it).
#include "fio_server.hpp"
#include "run_command.hpp"
#include "scratch_dir.hpp"
#include "test_process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

namespace fio::test {
namespace {

using nlohmann::json;

constexpr const char* kChromium = "/usr/bin/chromium";

struct RenderStatus {
    int charts = -1;
    long points = -1;
    int empty_charts = -1;
};

// Chromium, headless, on `page`; `mode` is "--dump-dom" or "--screenshot=PATH". Bounded:
// the browser is killed by PID if it has not finished in 90 s.
std::string run_chromium(const ScratchDir& dir, const std::string& page, const std::string& mode) {
    TestProcess browser(kChromium, {"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                    "--no-first-run", "--user-data-dir=" + dir / "chromium-profile",
                                    "--window-size=1400,1800", "--hide-scrollbars",
                                    "--virtual-time-budget=10000", mode, "file://" + page});
    const auto exit = browser.wait_exit(std::chrono::seconds(90));
    EXPECT_TRUE(exit.has_value()) << "chromium did not finish in 90 s: " << browser.err();
    if (!exit) browser.kill_now();
    return browser.out();
}

RenderStatus render_status(const std::string& dom) {
    RenderStatus status;
    std::smatch match;
    const std::regex element(R"re(<div id="render-status"[^>]*>)re");
    if (!std::regex_search(dom, match, element)) return status;
    const std::string tag = match.str();
    const auto attribute = [&](const std::string& name) -> long {
        std::smatch value;
        if (!std::regex_search(tag, value, std::regex(name + R"re(="(\d+)")re"))) return -1;
        return std::stol(value[1]);
    };
    status.charts = static_cast<int>(attribute("data-charts"));
    status.points = attribute("data-points");
    status.empty_charts = static_cast<int>(attribute("data-empty-charts"));
    return status;
}

// The page's data: the JSON document in its #report-data element.
json report_data(const std::string& page) {
    const std::string open = R"(<script type="application/json" id="report-data">)";
    const auto begin = page.find(open);
    if (begin == std::string::npos) return json();
    const auto end = page.find("</script>", begin);
    return json::parse(page.substr(begin + open.size(), end - begin - open.size()));
}

// Where a screenshot is kept after the test (the scratch directory is removed).
std::string artifact(const std::string& name) {
    std::filesystem::create_directories(FIO_TEST_ARTIFACT_DIR);
    return std::string(FIO_TEST_ARTIFACT_DIR) + "/" + name;
}

void expect_self_contained(const std::string& page) {
    EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(page.find("Chart.js v3"), std::string::npos);           // the library is in the page
    EXPECT_EQ(page.find("<script src"), std::string::npos);           // and nothing is fetched
    EXPECT_EQ(page.find("<link"), std::string::npos);
    EXPECT_EQ(page.find("/*@"), std::string::npos);                   // every template slot filled
}

std::uint64_t histogram_total(const json& direction) {
    std::uint64_t total = 0;
    for (const auto& bin : direction.at("histogram")) total += bin.at(1).get<std::uint64_t>();
    return total;
}

TEST(HtmlReport, LocalRunNextToTheTextReportRendersEveryChartInChromium) {
    if (!std::filesystem::exists(kChromium)) GTEST_SKIP() << "chromium is not installed";
    ScratchDir dir;
    const std::string page = dir / "report.html";
    const CommandResult r = run_fio(
        "--name=mixed --ioengine=null --rw=randrw --bs=4k --size=64m --time_based --runtime=3 "
        "--rate_iops=4000 --write_lat_log=" + dir / "lat" + " --log_avg_msec=500 "
        "--output-format=normal,html --html-output=" + page, 60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_NE(r.out.find("Run status group 0"), std::string::npos) << r.out;  // text on stdout
    EXPECT_EQ(r.out.find("<html"), std::string::npos);
    const std::string html = read_file(page);
    expect_self_contained(html);

    const json data = report_data(html);
    ASSERT_EQ(data.at("jobs").size(), 1u);
    const json& job = data.at("jobs").at(0);
    EXPECT_EQ(job.at("name"), "mixed");
    ASSERT_EQ(job.at("directions").size(), 2u);  // read and write
    for (const auto& direction : job.at("directions")) {
        // Every completed I/O is in the histogram; 3 s in 500 ms windows: about 5 points.
        EXPECT_EQ(histogram_total(direction), direction.at("ios").get<std::uint64_t>());
        EXPECT_GE(direction.at("iops_series").size(), 3u);
        EXPECT_GE(direction.at("bw_series").size(), 3u);
        EXPECT_GE(direction.at("clat_series").size(), 3u);  // the job logs latencies
        for (const auto& point : direction.at("clat_series")) {
            EXPECT_LE(point.at(1).get<double>(), point.at(4).get<double>());  // p50 <= p99.9
        }
    }
    EXPECT_NE(data.at("machine").at("hostname"), "");
    EXPECT_GT(data.at("machine").at("cpus").get<int>(), 0);

    const RenderStatus status = render_status(run_chromium(dir, page, "--dump-dom"));
    EXPECT_EQ(status.charts, 4);  // IOPS, bandwidth, latency percentiles, histogram
    EXPECT_EQ(status.empty_charts, 0);
    EXPECT_GT(status.points, 40);
    const std::string shot = artifact("html-report-local.png");
    run_chromium(dir, page, "--screenshot=" + shot);
    EXPECT_TRUE(std::filesystem::exists(shot));
    std::cout << "screenshot of the local run's report: " << shot << "\n";
}

TEST(HtmlReport, ClientRunShowsEveryHostAndAllClientsSideBySide) {
    if (!std::filesystem::exists(kChromium)) GTEST_SKIP() << "chromium is not installed";
    ScratchDir dir;
    FioServer a({"--server=tcp:127.0.0.1:0"});
    FioServer b({"--server=tcp:127.0.0.1:0"});
    const std::string hosts = dir / "hosts";
    std::ofstream(hosts) << a.endpoint() << "\n" << b.endpoint() << "\n";
    const std::string job = dir / "job.fio";
    std::ofstream(job) << "[seq]\nioengine=null\nrw=read\nbs=4k\nsize=64m\ntime_based\nruntime=2\n"
                          "rate_iops=3000\n";
    const std::string page = dir / "clients.html";
    const CommandResult r =
        run_fio("--client=" + hosts + " --output-format=html --output=" + page + " " + job, 60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string html = read_file(page);
    expect_self_contained(html);

    const json data = report_data(html);
    EXPECT_TRUE(data.at("client_run").get<bool>());
    ASSERT_EQ(data.at("jobs").size(), 3u);  // each host, and All clients
    std::uint64_t host_ios = 0;
    for (const auto& result : data.at("jobs")) {
        ASSERT_EQ(result.at("directions").size(), 1u);
        const json& read = result.at("directions").at(0);
        EXPECT_GE(read.at("iops_series").size(), 2u);
        if (!result.at("all_clients").get<bool>()) host_ios += read.at("ios").get<std::uint64_t>();
    }
    const json& all = data.at("jobs").at(2);
    EXPECT_TRUE(all.at("all_clients").get<bool>());
    EXPECT_EQ(all.at("directions").at(0).at("ios").get<std::uint64_t>(), host_ios);
    EXPECT_EQ(histogram_total(all.at("directions").at(0)), host_ios);

    const std::string dom = run_chromium(dir, page, "--dump-dom");
    const RenderStatus status = render_status(dom);
    EXPECT_EQ(status.charts, 9);  // IOPS, bandwidth and histogram for each of three cards
    EXPECT_EQ(status.empty_charts, 0);
    EXPECT_GT(status.points, 30);
    EXPECT_NE(dom.find(">" + a.label() + "</h3>"), std::string::npos);
    EXPECT_NE(dom.find(">" + b.label() + "</h3>"), std::string::npos);
    EXPECT_NE(dom.find(">All clients</h3>"), std::string::npos);
    const std::string shot = artifact("html-report-clients.png");
    run_chromium(dir, page, "--screenshot=" + shot);
    EXPECT_TRUE(std::filesystem::exists(shot));
    std::cout << "screenshot of the client run's report: " << shot << "\n";
}

TEST(HtmlReport, AFileThatCannotBeWrittenIsNamedBeforeTheRun) {
    const CommandResult r =
        run_fio("--name=x --ioengine=null --size=1m --html-output=/nonexistent/dir/r.html", 30);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("--html-output=/nonexistent/dir/r.html: cannot open"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace fio::test
