// The live metrics endpoint's parts: the latency histogram folded into `le` buckets,
// counters that survive a thread's statistics starting over, the OpenMetrics and 0.0.4
// texts, the --metrics-listen address, and the HTTP server itself.
#include "metrics/metrics_fold.hpp"
#include "metrics/metrics_server.hpp"
#include "metrics/openmetrics_text.hpp"

#include "http_get.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>

namespace fio::core {
namespace {

TEST(MetricsFold, HistogramLandsInTheFirstBoundAtOrAboveEachLatency) {
    sdk::LatencyStats lat;
    lat.add(5'000);           // 5 us: le 10 us
    lat.add(30'000);          // 30 us: le 50 us
    lat.add(2'000'000);       // 2 ms: le 2.5 ms
    lat.add(20'000'000'000);  // 20 s: +Inf only
    const LatencyBuckets folded = fold_latency(lat);
    EXPECT_EQ(folded.count, 4u);
    EXPECT_EQ(folded.sum_ns, 5'000u + 30'000u + 2'000'000u + 20'000'000'000u);
    EXPECT_EQ(folded.counts[0], 1u);
    EXPECT_EQ(folded.counts[1], 0u);
    EXPECT_EQ(folded.counts[2], 1u);
    EXPECT_EQ(folded.counts[7], 1u);
    std::uint64_t within = 0;
    for (auto c : folded.counts) within += c;
    EXPECT_EQ(within, 3u);
}

TEST(MetricsFold, CountersKeepGrowingWhenTheSourceStartsOver) {
    GrowingTotal total;
    EXPECT_EQ(total.update(5), 5u);
    EXPECT_EQ(total.update(10), 10u);
    EXPECT_EQ(total.update(3), 13u);  // ramp_time ended: the thread counts from 0 again
    EXPECT_EQ(total.update(4), 14u);
    EXPECT_EQ(total.total(), 14u);

    GrowingLatency latency;
    LatencyBuckets first;
    first.counts[0] = 6;
    first.count = 6;
    first.sum_ns = 600;
    latency.update(first);
    LatencyBuckets after_reset;
    after_reset.counts[0] = 2;
    after_reset.count = 2;
    after_reset.sum_ns = 100;
    const LatencyBuckets& grown = latency.update(after_reset);
    EXPECT_EQ(grown.count, 8u);
    EXPECT_EQ(grown.counts[0], 8u);
    EXPECT_EQ(grown.sum_ns, 700u);
}

MetricsSnapshot one_job_snapshot() {
    MetricsSnapshot s;
    s.elapsed_ms = 1500;
    s.jobs_running = 1;
    s.percent_done = 50;
    JobMetrics job;
    job.job = "seq \"a\"";
    job.directions[0].ios = 7;
    job.directions[0].bytes = 7 * 4096;
    job.directions[0].iops = 3.5;
    job.directions[0].bytes_per_second = 14336;
    job.directions[0].latency.counts[0] = 5;
    job.directions[0].latency.counts[3] = 1;
    job.directions[0].latency.count = 7;
    job.directions[0].latency.sum_ns = 2'000'000'000;
    s.jobs.push_back(job);
    return s;
}

bool has_line(const std::string& text, const std::string& line) {
    return text.find("\n" + line + "\n") != std::string::npos || text.starts_with(line + "\n");
}

TEST(OpenMetricsText, CountersGaugesAndCumulativeBuckets) {
    const std::string text = render_metrics(one_job_snapshot(), MetricsFormat::openmetrics);
    EXPECT_TRUE(has_line(text, "# TYPE fio_io counter")) << text;
    EXPECT_TRUE(has_line(text, R"(fio_io_total{job="seq \"a\"",direction="read"} 7)")) << text;
    EXPECT_TRUE(has_line(text, R"(fio_io_bytes_total{job="seq \"a\"",direction="read"} 28672)")) << text;
    EXPECT_TRUE(has_line(text, "# UNIT fio_io_bytes bytes")) << text;
    EXPECT_TRUE(has_line(text, R"(fio_iops{job="seq \"a\"",direction="read"} 3.5)")) << text;
    EXPECT_TRUE(has_line(text, R"(fio_io_total{job="seq \"a\"",direction="trim"} 0)")) << text;
    EXPECT_TRUE(has_line(text, R"(fio_completion_latency_seconds_bucket{job="seq \"a\"",direction="read",le="1e-05"} 5)"))
        << text;
    EXPECT_TRUE(has_line(text, R"(fio_completion_latency_seconds_bucket{job="seq \"a\"",direction="read",le="5e-05"} 5)"))
        << text;
    EXPECT_TRUE(has_line(text, R"(fio_completion_latency_seconds_bucket{job="seq \"a\"",direction="read",le="0.0001"} 6)"))
        << text;
    EXPECT_TRUE(has_line(text, R"(fio_completion_latency_seconds_bucket{job="seq \"a\"",direction="read",le="+Inf"} 7)"))
        << text;
    EXPECT_TRUE(has_line(text, R"(fio_completion_latency_seconds_count{job="seq \"a\"",direction="read"} 7)")) << text;
    EXPECT_TRUE(has_line(text, R"(fio_completion_latency_seconds_sum{job="seq \"a\"",direction="read"} 2)")) << text;
    EXPECT_TRUE(has_line(text, "fio_elapsed_seconds 1.5")) << text;
    EXPECT_TRUE(text.ends_with("# EOF\n")) << text;
    EXPECT_EQ(text.find("host="), std::string::npos) << "a local run has no host label";
}

TEST(OpenMetricsText, PrometheusTextNamesCountersWithTotalAndHasNoEof) {
    const std::string text = render_metrics(one_job_snapshot(), MetricsFormat::prometheus_text);
    EXPECT_TRUE(has_line(text, "# TYPE fio_io_total counter")) << text;
    EXPECT_EQ(text.find("# EOF"), std::string::npos);
    EXPECT_EQ(text.find("# UNIT"), std::string::npos);
}

TEST(OpenMetricsText, ClientRunLabelsEveryHost) {
    MetricsSnapshot s = one_job_snapshot();
    s.jobs[0].host = "127.0.0.1:8765";
    HostMetrics host;
    host.host = "127.0.0.1:8765";
    host.iops[1] = 100;
    s.hosts.push_back(host);
    const std::string text = render_metrics(s, MetricsFormat::openmetrics);
    EXPECT_TRUE(has_line(text, R"(fio_io_total{host="127.0.0.1:8765",job="seq \"a\"",direction="read"} 7)")) << text;
    EXPECT_TRUE(has_line(text, R"(fio_host_iops{host="127.0.0.1:8765",direction="write"} 100)")) << text;
}

TEST(OpenMetricsText, EscapesAndAcceptHeader) {
    EXPECT_EQ(escape_label_value("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
    EXPECT_EQ(metrics_format_for(""), MetricsFormat::openmetrics);
    EXPECT_EQ(metrics_format_for("*/*"), MetricsFormat::openmetrics);
    EXPECT_EQ(metrics_format_for("text/plain;version=0.0.4"), MetricsFormat::prometheus_text);
    EXPECT_EQ(metrics_format_for("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"),
              MetricsFormat::openmetrics);
}

TEST(MetricsAddress, LoopbackUnlessAHostIsGiven) {
    EXPECT_EQ(parse_metrics_address("9100").host, "127.0.0.1");
    EXPECT_EQ(parse_metrics_address("9100").port, 9100);
    EXPECT_EQ(parse_metrics_address(":0").host, "127.0.0.1");
    EXPECT_EQ(parse_metrics_address("[::1]:9100").host, "::1");
    EXPECT_EQ(parse_metrics_address("0.0.0.0:9100").host, "0.0.0.0");
    EXPECT_THROW(parse_metrics_address("localhost"), MetricsListenError);
    EXPECT_THROW(parse_metrics_address("127.0.0.1:99999"), MetricsListenError);
    EXPECT_THROW(parse_metrics_address("[::1:9100"), MetricsListenError);
    try {
        parse_metrics_address("host:port");
        FAIL();
    } catch (const MetricsListenError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("--metrics-listen=host:port: ", 0), 0u) << e.what();
    }
}

TEST(MetricsServer, ServesTheNewestSnapshotAtMetricsOnly) {
    MetricsBoard board;
    MetricsServer server(board, "127.0.0.1:0");
    ASSERT_NE(server.port(), 0);
    EXPECT_FALSE(server.beyond_loopback());
    EXPECT_EQ(server.url(), "http://127.0.0.1:" + std::to_string(server.port()) + "/metrics");
    board.publish(one_job_snapshot());

    const auto metrics = test::http_get(server.port(), "/metrics");
    ASSERT_TRUE(metrics);
    EXPECT_EQ(metrics->status, 200);
    EXPECT_NE(metrics->headers.find("Content-Type: application/openmetrics-text; version=1.0.0; charset=utf-8"),
              std::string::npos)
        << metrics->headers;
    EXPECT_NE(metrics->body.find("fio_io_total{job=\"seq \\\"a\\\"\",direction=\"read\"} 7"), std::string::npos);
    EXPECT_TRUE(metrics->body.ends_with("# EOF\n"));

    const auto text = test::http_get(server.port(), "/metrics", "Accept: text/plain;version=0.0.4\r\n");
    ASSERT_TRUE(text);
    EXPECT_NE(text->headers.find("Content-Type: text/plain; version=0.0.4; charset=utf-8"), std::string::npos);

    const auto other = test::http_get(server.port(), "/");
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 404);

    const auto huge = test::http_get(server.port(), "/metrics", "X-Pad: " + std::string(20000, 'x') + "\r\n");
    if (huge) {  // the server may also cut the connection before the request is whole
        EXPECT_EQ(huge->status, 413);
    }
}

TEST(MetricsServer, StopsAtOnceWithAScraperConnectedThatSendsNothing) {
    MetricsBoard board;
    auto server = std::make_unique<MetricsServer>(board, "127.0.0.1:0");
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(server->port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto before = std::chrono::steady_clock::now();
    server.reset();
    EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(3));
    ::close(fd);
}

TEST(MetricsServer, APortInUseIsRefusedInOneLine) {
    MetricsBoard board;
    MetricsServer first(board, "127.0.0.1:0");
    const std::string again = "127.0.0.1:" + std::to_string(first.port());
    try {
        MetricsServer second(board, again);
        FAIL() << "a second server bound the same port";
    } catch (const MetricsListenError& e) {
        const std::string what = e.what();
        EXPECT_EQ(what.rfind("--metrics-listen=" + again + ": cannot listen", 0), 0u) << what;
        EXPECT_NE(what.find("in use"), std::string::npos) << what;
        EXPECT_EQ(what.find('\n'), std::string::npos);
    }
}

}  // namespace
}  // namespace fio::core
