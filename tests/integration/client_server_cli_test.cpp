// fio --server and fio --client end to end on loopback: three servers (tcp by --server,
// tcp by --transport, unix), exact "All clients" aggregation, per-host blocks, and the
// ways a host can fail without stalling the others. Every server is stopped by PID.
#include "fio_server.hpp"
#include "run_command.hpp"

#include <fio/sdk/histogram.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include <netinet/in.h>
#include <sys/socket.h>
#include <map>
#include <string>
#include <vector>

namespace fio::test {
namespace {

using nlohmann::json;

constexpr const char* kTwoJobs =
    "[global]\n"
    "ioengine=null\n"
    "size=8m\n"
    "bs=4k\n"
    "group_reporting\n"
    "[reader]\n"
    "rw=randread\n"
    "[writer]\n"
    "rw=write\n";

std::string write_job(const ScratchDir& dir, const std::string& name, const std::string& text) {
    const std::string path = dir / name;
    std::ofstream(path) << text;
    return path;
}

// The json+ "bins" of one latency block as a histogram.
sdk::LatencyHistogram histogram_of(const json& block) {
    sdk::LatencyHistogram histogram;
    for (const auto& [value, count] : block.at("bins").items()) {
        histogram.counts[sdk::histogram_index(std::stoull(value))] += count.get<std::uint64_t>();
    }
    return histogram;
}

// The reported percentiles in ascending order of percent (json's keys sort as text).
std::vector<std::uint64_t> reported_percentiles(const json& block) {
    std::map<double, std::uint64_t> by_percent;
    for (const auto& [key, value] : block.at("percentile").items()) {
        by_percent[std::stod(key)] = value.get<std::uint64_t>();
    }
    std::vector<std::uint64_t> values;
    for (const auto& [percent, value] : by_percent) values.push_back(value);
    return values;
}

struct ThreeServers {
    ScratchDir dir;
    FioServer by_server{{"--server=tcp:127.0.0.1:0"}};
    FioServer by_transport{{"--server", "--transport", "tcp:127.0.0.1:0"}};
    FioServer by_unix{{"--server=unix:" + (dir / "fio.sock")}};
    std::string clients() const {
        return "--client=" + by_server.endpoint() + " --client=" + by_transport.endpoint() +
               " --client=" + by_unix.endpoint();
    }
};

TEST(ClientServer, ThreeServersAllClientsPercentilesAreTheMergedHistograms) {
    ThreeServers servers;
    const std::string job = write_job(servers.dir, "two.fio", kTwoJobs);
    const CommandResult r = run_fio(servers.clients() + " --output-format=json+ " + job, 60);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    const json doc = json::parse(r.out);
    ASSERT_FALSE(doc.contains("jobs"));
    const json& stats = doc.at("client_stats");
    ASSERT_EQ(stats.size(), 4u) << stats.dump();  // three hosts' group, then All clients

    sdk::LatencyHistogram reads;
    sdk::LatencyHistogram writes;
    for (int i = 0; i < 3; ++i) {
        const json& host = stats[i];
        EXPECT_TRUE(host.contains("hostname"));
        EXPECT_TRUE(host.contains("port"));
        EXPECT_EQ(host.at("read").at("io_bytes"), 8u << 20);
        EXPECT_EQ(host.at("write").at("io_bytes"), 8u << 20);
        reads.merge(histogram_of(host.at("read").at("clat_ns")));
        writes.merge(histogram_of(host.at("write").at("clat_ns")));
    }
    EXPECT_EQ(stats[0].at("port"), std::stoi(servers.by_server.endpoint().substr(
                                       servers.by_server.endpoint().rfind(':') + 1)));
    EXPECT_EQ(stats[2].at("hostname"), servers.dir / "fio.sock");
    EXPECT_EQ(stats[2].at("port"), 0);
    const json& all = stats[3];
    EXPECT_EQ(all.at("jobname"), "All clients");
    EXPECT_FALSE(all.contains("hostname"));
    EXPECT_EQ(all.at("read").at("io_bytes"), 3u * (8u << 20));
    EXPECT_EQ(all.at("read").at("total_ios"), 3u * 2048);
    EXPECT_EQ(reported_percentiles(all.at("read").at("clat_ns")), reads.percentiles(sdk::kDefaultPercentiles));
    EXPECT_EQ(reported_percentiles(all.at("write").at("clat_ns")), writes.percentiles(sdk::kDefaultPercentiles));
}

TEST(ClientServer, NormalOutputPrintsEachHostAsOneBlockThenAllClients) {
    ThreeServers servers;
    const std::string job = write_job(servers.dir, "two.fio", kTwoJobs);
    const CommandResult r = run_fio(servers.clients() + " " + job, 60);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    std::vector<std::size_t> block_starts;
    for (const FioServer* s : {&servers.by_server, &servers.by_transport, &servers.by_unix}) {
        std::string label = s->endpoint().substr(s->endpoint().find(':') + 1);
        const auto at = r.out.find("<" + label + "> reader: (groupid=0");
        ASSERT_NE(at, std::string::npos) << label << "\n" << r.out;
        block_starts.push_back(at);
    }
    const auto all = r.out.find("All clients: (groupid=0");
    ASSERT_NE(all, std::string::npos) << r.out;
    EXPECT_LT(block_starts[0], block_starts[1]);
    EXPECT_LT(block_starts[1], block_starts[2]);
    EXPECT_LT(block_starts[2], all);
    // Each host block holds its own group line before the next host begins.
    for (std::size_t i = 0; i < 3; ++i) {
        const auto group = r.out.find("Run status group 0", block_starts[i]);
        EXPECT_LT(group, i + 1 < 3 ? block_starts[i + 1] : all) << r.out;
    }
    EXPECT_NE(r.out.find("clat percentiles", all), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Run status group 0 (all clients)", all), std::string::npos) << r.out;
}

TEST(ClientServer, JobErrorNamesTheHostAndTheJobFileLine) {
    ScratchDir dir;
    FioServer server({"--server=tcp:127.0.0.1:0"});
    const std::string job = write_job(dir, "bad.fio", "[x]\nioengine=null\nsize=1m\nno_such_option=1\n");
    const CommandResult r = run_fio("--client=" + server.endpoint() + " " + job, 60);
    EXPECT_NE(r.exit_code, 0);
    const std::string label = server.endpoint().substr(4);
    EXPECT_NE(r.err.find("client " + label), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("bad.fio:4"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("fio-run-"), std::string::npos) << r.err;  // the server's private dir is hidden
    EXPECT_TRUE(server.alive());
}

TEST(ClientServer, ADeadHostFailsByNameWhileTheOthersRun) {
    ScratchDir dir;
    FioServer server({"--server=tcp:127.0.0.1:0"});
    const std::string job = write_job(dir, "one.fio", "[x]\nioengine=null\nsize=4m\nbs=4k\n");
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    const CommandResult r = run_fio("--client=tcp:127.0.0.1:1 --client=" + server.endpoint() +
                                        " --output-format=json " + job, 60);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("client 127.0.0.1:1: cannot connect"), std::string::npos) << r.err;
    const json doc = json::parse(r.out);
    ASSERT_EQ(doc.at("client_stats").size(), 1u);
    EXPECT_EQ(doc.at("client_stats")[0].at("read").at("io_bytes"), 4u << 20);
}

TEST(ClientServer, ASecondClientGetsBusyInsteadOfAQueue) {
    ScratchDir dir;
    FioServer server({"--server=tcp:127.0.0.1:0"});
    const std::string slow = write_job(dir, "slow.fio", "[x]\nioengine=null\nsize=1m\ntime_based\nruntime=3\n");
    const std::string quick = write_job(dir, "quick.fio", "[y]\nioengine=null\nsize=1m\n");
    const std::string out = dir / "slow.out";
    run_shell(std::string(FIO_BINARY) + " --client=" + server.endpoint() + " " + slow + " >" + out +
              " 2>&1 &");
    ASSERT_TRUE(wait_for([&] { return server.log().find("run started") != std::string::npos; },
                         std::chrono::seconds(10)));
    const CommandResult r = run_fio("--client=" + server.endpoint() + " " + quick, 30);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("busy: running a job for 127.0.0.1:"), std::string::npos) << r.err;
    EXPECT_TRUE(wait_for([&] { return server.log().find("run ended") != std::string::npos; },
                         std::chrono::seconds(15)));
    const CommandResult after = run_fio("--client=" + server.endpoint() + " " + quick, 30);
    EXPECT_EQ(after.exit_code, 0) << after.err;
}

TEST(ClientServer, AnEngineOnlyTheServerHasWorksFromAClientWithoutIt) {
    ScratchDir dir;
    FioServer server({"--server=tcp:127.0.0.1:0", std::string("--plugin-dir=") + FIO_TEST_PLUGIN_DIR});
    const std::string job = write_job(dir, "vendor.fio", "[x]\nioengine=testgood\nsize=1m\nbs=4k\n");
    const CommandResult local = run_fio(job, 30);
    ASSERT_NE(local.exit_code, 0);  // this side has no such engine
    const CommandResult r = run_fio("--client=" + server.endpoint() + " --output-format=json " + job, 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(json::parse(r.out).at("client_stats")[0].at("read").at("io_bytes"), 1u << 20);
}

TEST(ClientServer, CommandLineJobsRunOnTheServer) {
    FioServer server({"--server=tcp:127.0.0.1:0"});
    const CommandResult r = run_fio("--client=" + server.endpoint() +
                                        " --output-format=json --name=cl --ioengine=null --size=2m --rw=write",
                                    30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json::parse(r.out);
    const json& job = doc.at("client_stats")[0];
    EXPECT_EQ(job.at("jobname"), "cl");
    EXPECT_EQ(job.at("write").at("io_bytes"), 2u << 20);
}

TEST(ClientServer, OneMinorApartBothWays) {
    ScratchDir dir;
    const std::string job = write_job(dir, "one.fio", "[x]\nioengine=null\nsize=1m\n");
    FioServer old_server({"--server=tcp:127.0.0.1:0"}, {"FIO_TEST_PROTOCOL_MINOR=0"});
    const CommandResult to_old = run_fio("--client=" + old_server.endpoint() + " --output-format=json " + job, 30);
    ASSERT_EQ(to_old.exit_code, 0) << to_old.err;
    EXPECT_EQ(json::parse(to_old.out).at("client_stats")[0].at("read").at("io_bytes"), 1u << 20);

    FioServer new_server({"--server=tcp:127.0.0.1:0"});
    const CommandResult from_old = run_shell("FIO_TEST_PROTOCOL_MINOR=0 " + std::string(FIO_BINARY) +
                                                 " --client=" + new_server.endpoint() + " --output-format=json " + job,
                                             30);
    ASSERT_EQ(from_old.exit_code, 0) << from_old.err;
    EXPECT_EQ(json::parse(from_old.out).at("client_stats")[0].at("read").at("io_bytes"), 1u << 20);
}



std::uint64_t read_bytes_of(const json& doc, std::size_t entry) {
    return doc.at("client_stats").at(entry).at("read").at("io_bytes").get<std::uint64_t>();
}

TEST(ClientServer, StockEndpointFormsWork) {
    ScratchDir dir;
    const int port = free_loopback_port();
    FioServer by_ip({"--server=ip:127.0.0.1," + std::to_string(port)});
    FioServer by_sock({"--server=sock:" + (dir / "stock.sock")});
    EXPECT_EQ(by_ip.endpoint(), "tcp:127.0.0.1:" + std::to_string(port));
    EXPECT_EQ(by_sock.endpoint(), "unix:" + (dir / "stock.sock"));
    const std::string job = write_job(dir, "one.fio", "[x]\nioengine=null\nsize=1m\n");
    const CommandResult r = run_fio("--client=127.0.0.1," + std::to_string(port) + " --client=sock:" +
                                        (dir / "stock.sock") + " --output-format=json " + job, 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc.at("client_stats").at(0).at("port"), port);
    EXPECT_EQ(doc.at("client_stats").at(1).at("hostname"), dir / "stock.sock");
}

TEST(ClientServer, AFileOfHostsAndPerHostJobFiles) {
    ScratchDir dir;
    FioServer a({"--server=tcp:127.0.0.1:0"});
    FioServer b({"--server=tcp:127.0.0.1:0"});
    const std::string hosts = write_job(dir, "hosts", "# storage nodes\n" + a.endpoint() + "\n\n" + b.endpoint() + "\n");
    const std::string small = write_job(dir, "small.fio", "[s]\nioengine=null\nsize=1m\n");
    const std::string big = write_job(dir, "big.fio", "[b]\nioengine=null\nsize=3m\n");
    const CommandResult both = run_fio("--client=" + hosts + " --output-format=json " + small, 30);
    ASSERT_EQ(both.exit_code, 0) << both.err;
    const json doc = json::parse(both.out);
    EXPECT_EQ(doc.at("client_stats").size(), 3u);  // two hosts and All clients
    EXPECT_EQ(read_bytes_of(doc, 2), 2u << 20);

    const CommandResult own = run_fio("--client=" + a.endpoint() + " " + small + " --client=" + b.endpoint() +
                                          " " + big + " --output-format=json", 30);
    ASSERT_EQ(own.exit_code, 0) << own.err;
    const json per_host = json::parse(own.out);
    EXPECT_EQ(per_host.at("client_stats").at(0).at("jobname"), "s");
    EXPECT_EQ(read_bytes_of(per_host, 0), 1u << 20);
    EXPECT_EQ(per_host.at("client_stats").at(1).at("jobname"), "b");
    EXPECT_EQ(read_bytes_of(per_host, 1), 3u << 20);
}

TEST(ClientServer, RemoteConfigRunsAJobFileThatLivesOnTheServer) {
    ScratchDir dir;
    // The file is under the server's root, as a remote job's files must be.
    FioServer server({"--server=tcp:127.0.0.1:0", "--server-root=" + dir.path().string()});
    const std::string there = write_job(dir, "on-server.fio", "[remote]\nioengine=null\nsize=2m\n");
    const CommandResult r =
        run_fio("--client=" + server.endpoint() + " --remote-config=" + there + " --output-format=json", 30);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc.at("client_stats").at(0).at("jobname"), "remote");
    EXPECT_EQ(read_bytes_of(doc, 0), 2u << 20);
}

TEST(ClientServer, ListPluginsShowsTheTransports) {
    const CommandResult r = run_fio("--list-plugins", 30);
    ASSERT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("transport  tcp"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("transport  unix"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("output     network"), std::string::npos) << r.out;
}

TEST(ClientServer, BadEndpointsAreOneLineErrors) {
    const CommandResult server = run_fio("--server=tcp:notaport", 10);
    EXPECT_EQ(server.exit_code, 1);
    EXPECT_NE(server.err.find("--server"), std::string::npos) << server.err;
    const CommandResult client = run_fio("--client=tcp:127.0.0.1:99999 --name=x --ioengine=null --size=1m", 10);
    EXPECT_EQ(client.exit_code, 1);
    EXPECT_NE(client.err.find("--client=tcp:127.0.0.1:99999"), std::string::npos) << client.err;
    const CommandResult no_job = run_fio("--client=127.0.0.1", 10);
    EXPECT_EQ(no_job.exit_code, 1);
    EXPECT_NE(no_job.err.find("no job"), std::string::npos) << no_job.err;
}

}  // namespace
}  // namespace fio::test
