// split_client_host: a client run's host label as the JSON document's hostname and port.
#include <gtest/gtest.h>

#include <fio/sdk/client_host.hpp>

namespace {

using fio::sdk::split_client_host;

TEST(ClientHost, Ipv4HostAndPort) {
    const auto parts = split_client_host("127.0.0.1:8765");
    EXPECT_EQ(parts.hostname, "127.0.0.1");
    EXPECT_EQ(parts.port, 8765);
}

TEST(ClientHost, NameAndPort) {
    const auto parts = split_client_host("storage1.example:65535");
    EXPECT_EQ(parts.hostname, "storage1.example");
    EXPECT_EQ(parts.port, 65535);
}

TEST(ClientHost, BracketedIpv6LosesItsBrackets) {
    const auto parts = split_client_host("[::1]:8766");
    EXPECT_EQ(parts.hostname, "::1");
    EXPECT_EQ(parts.port, 8766);
    const auto scoped = split_client_host("[fe80::1%eth0]:80");
    EXPECT_EQ(scoped.hostname, "fe80::1%eth0");
    EXPECT_EQ(scoped.port, 80);
    const auto no_port = split_client_host("[::1]");
    EXPECT_EQ(no_port.hostname, "::1");
    EXPECT_EQ(no_port.port, 0);
}

TEST(ClientHost, SocketPathHasPortZero) {
    const auto parts = split_client_host("/tmp/fio.sock");
    EXPECT_EQ(parts.hostname, "/tmp/fio.sock");
    EXPECT_EQ(parts.port, 0);
    // A path may end in what looks like a port: it is still a path.
    const auto colon = split_client_host("/run/fio:8765");
    EXPECT_EQ(colon.hostname, "/run/fio:8765");
    EXPECT_EQ(colon.port, 0);
}

TEST(ClientHost, LabelsWithoutAUsablePortStayWhole) {
    for (const char* label : {"storage1", "::1", "host:", "host:99999", "host:80x", "host:-1",
                              "[::1]:", "[::1]x", "[::1"}) {
        const auto parts = split_client_host(label);
        EXPECT_EQ(parts.hostname, label) << label;
        EXPECT_EQ(parts.port, 0) << label;
    }
}

}  // namespace
