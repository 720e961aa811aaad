// --metrics-listen end to end: a running fio scraped twice over HTTP, its text checked
// strictly as OpenMetrics by prometheus_client's parser (tests/support/
// check_openmetrics.py), counters that grow and never go down, the refusals (a bad
// address, a port in use) in one line, and a client run whose metrics name every host.
#include "fio_server.hpp"
#include "http_get.hpp"
#include "run_command.hpp"
#include "test_process.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>

namespace fio::test {
namespace {

using Samples = std::map<std::string, double>;  // "name{label=value,...}" -> value

// The port of the "fio: metrics at http://127.0.0.1:PORT/metrics" line, once printed.
int wait_for_metrics_port(TestProcess& fio) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string err = fio.err();
        const auto at = err.find("fio: metrics at http://127.0.0.1:");
        if (at != std::string::npos) {
            const auto port_at = at + std::string("fio: metrics at http://127.0.0.1:").size();
            const auto end = err.find("/metrics", port_at);
            if (end != std::string::npos) return std::stoi(err.substr(port_at, end - port_at));
        }
        if (!fio.alive()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return 0;
}

// Scrapes /metrics and checks the text strictly; the samples, or a failure.
Samples scrape(int port) {
    const auto answer = http_get(port, "/metrics");
    EXPECT_TRUE(answer) << "no answer from the metrics endpoint";
    if (!answer) return {};
    EXPECT_EQ(answer->status, 200);
    EXPECT_NE(answer->headers.find("application/openmetrics-text; version=1.0.0"), std::string::npos);
    ScratchDir dir;
    std::ofstream(dir / "metrics.txt") << answer->body;
    const CommandResult check = run_shell(std::string("/usr/bin/python3 ") + FIO_SOURCE_DIR +
                                          "/tests/support/check_openmetrics.py " + (dir / "metrics.txt"));
    EXPECT_EQ(check.exit_code, 0) << check.err << "\n" << answer->body;
    Samples samples;
    std::istringstream lines(check.out);
    for (std::string line; std::getline(lines, line);) {
        const auto space = line.rfind(' ');
        if (space != std::string::npos) samples[line.substr(0, space)] = std::stod(line.substr(space + 1));
    }
    return samples;
}

TEST(MetricsCli, ScrapedTwiceMidRunCountersGrowAndTheTextIsOpenMetrics) {
    TestProcess fio(FIO_BINARY, {"--name=paced", "--ioengine=null", "--rw=randrw", "--bs=4k", "--size=1g",
                                 "--time_based", "--runtime=6", "--rate_iops=2000", "--eta-interval=250ms",
                                 "--metrics-listen=127.0.0.1:0"});
    const int port = wait_for_metrics_port(fio);
    ASSERT_NE(port, 0) << fio.err();
    std::this_thread::sleep_for(std::chrono::milliseconds(2000));
    const Samples first = scrape(port);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    const Samples second = scrape(port);

    const std::string reads = "fio_io_total{direction=read,job=paced}";
    ASSERT_TRUE(first.count(reads)) << "no read counter in the first scrape";
    EXPECT_GT(first.at(reads), 0);
    EXPECT_GT(second.at(reads), first.at(reads));
    EXPECT_GT(second.at("fio_io_bytes_total{direction=write,job=paced}"), 0);
    EXPECT_GT(second.at("fio_completion_latency_seconds_count{direction=read,job=paced}"), 0);
    EXPECT_TRUE(second.count("fio_completion_latency_seconds_bucket{direction=read,job=paced,le=0.001}"));
    EXPECT_TRUE(second.count("fio_iops{direction=read,job=paced}"));
    EXPECT_TRUE(second.count("fio_bandwidth_bytes_per_second{direction=write,job=paced}"));
    for (const auto& [name, value] : first) {
        const bool counter = name.find("_total{") != std::string::npos || name.find("_bucket{") != std::string::npos ||
                             name.find("_count{") != std::string::npos || name.find("_sum{") != std::string::npos;
        if (!counter) continue;
        ASSERT_TRUE(second.count(name)) << name;
        EXPECT_GE(second.at(name), value) << name << " went down";
    }

    const auto status = fio.wait_exit(std::chrono::seconds(60));
    ASSERT_TRUE(status) << "fio did not end";
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << fio.err();
    EXPECT_NE(fio.out().find("Run status group 0"), std::string::npos) << fio.out();
}

TEST(MetricsCli, OnlyMetricsIsServed) {
    TestProcess fio(FIO_BINARY, {"--name=paced", "--ioengine=null", "--rw=read", "--size=1g", "--time_based",
                                 "--runtime=4", "--rate_iops=500", "--metrics-listen=:0"});
    const int port = wait_for_metrics_port(fio);
    ASSERT_NE(port, 0) << fio.err();
    const auto other = http_get(port, "/index.html");
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 404);
    // The jobs' families appear from the first status tick on.
    std::optional<HttpAnswer> old_format;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    do {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        old_format = http_get(port, "/metrics", "Accept: text/plain; version=0.0.4\r\n");
        ASSERT_TRUE(old_format);
    } while (old_format->body.find("fio_io_total") == std::string::npos && std::chrono::steady_clock::now() < deadline);
    EXPECT_EQ(old_format->body.find("# EOF"), std::string::npos);
    EXPECT_NE(old_format->headers.find("text/plain; version=0.0.4"), std::string::npos);
    EXPECT_NE(old_format->body.find("# TYPE fio_io_total counter"), std::string::npos);
    ASSERT_TRUE(fio.wait_exit(std::chrono::seconds(60)));
}

TEST(MetricsCli, ABadAddressIsRefusedInOneLine) {
    const CommandResult r = run_fio("--name=j --ioengine=null --size=1m --metrics-listen=nowhere", 60);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "fio: --metrics-listen=nowhere: no port: give ADDR:PORT (PORT 0 picks a free one)\n");
    const CommandResult port = run_fio("--name=j --ioengine=null --size=1m --metrics-listen=127.0.0.1:70000", 60);
    EXPECT_EQ(port.exit_code, 1);
    EXPECT_EQ(port.err.rfind("fio: --metrics-listen=127.0.0.1:70000: ", 0), 0u) << port.err;
    EXPECT_EQ(std::count(port.err.begin(), port.err.end(), '\n'), 1) << port.err;
}

TEST(MetricsCli, APortInUseIsRefusedInOneLine) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(::listen(fd, 1), 0);
    socklen_t size = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    const std::string where = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));
    const CommandResult r = run_fio("--name=j --ioengine=null --size=1m --metrics-listen=" + where, 60);
    ::close(fd);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err.rfind("fio: --metrics-listen=" + where + ": cannot listen on port ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("in use"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(MetricsCli, AnAddressBeyondLoopbackIsWarnedAbout) {
    const CommandResult r = run_fio("--name=j --ioengine=null --size=1m --metrics-listen=0.0.0.0:0", 60);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("fio: warning: --metrics-listen=0.0.0.0:0: the metrics are open to anyone"), std::string::npos)
        << r.err;
}

TEST(MetricsCli, NotWithServer) {
    const CommandResult r = run_fio("--server=tcp:127.0.0.1:0 --metrics-listen=:0", 30);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("--metrics-listen with --server is not supported here"), std::string::npos) << r.err;
}

TEST(MetricsCli, AClientRunLabelsEveryHost) {
    ScratchDir dir;
    const std::string job = dir / "paced.fio";
    std::ofstream(job) << "[paced]\nioengine=null\nrw=write\nbs=4k\nsize=1g\ntime_based\nruntime=5\nrate_iops=1000\n";
    FioServer one({"--server=tcp:127.0.0.1:0"});
    FioServer two({"--server=tcp:127.0.0.1:0"});
    TestProcess client(FIO_BINARY, {"--client=" + one.endpoint(), "--client=" + two.endpoint(),
                                    "--metrics-listen=127.0.0.1:0", job});
    const int port = wait_for_metrics_port(client);
    ASSERT_NE(port, 0) << client.err();
    // Mid-run: each server's live rates, from its status updates.
    Samples live;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    const std::string one_writes = "fio_host_iops{direction=write,host=" + one.label() + "}";
    const std::string two_writes = "fio_host_iops{direction=write,host=" + two.label() + "}";
    while (std::chrono::steady_clock::now() < deadline) {
        live = scrape(port);
        if (live.count(one_writes) && live.count(two_writes) && live.at(one_writes) > 0 && live.at(two_writes) > 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    EXPECT_GT(live[one_writes], 0) << "no live rate for " << one.label();
    EXPECT_GT(live[two_writes], 0) << "no live rate for " << two.label();
    const auto status = client.wait_exit(std::chrono::seconds(60));
    ASSERT_TRUE(status) << "the client did not end";
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << client.err();
    EXPECT_NE(client.out().find("All clients"), std::string::npos) << client.out();
}

}  // namespace
}  // namespace fio::test
