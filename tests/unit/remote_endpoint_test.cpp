// Endpoint forms of --server, --transport and --client (ours and stock fio's), reduced
// to a transport name and the address that transport takes.
#include "remote/endpoint.hpp"

#include <fio/sdk/host_port.hpp>

#include <gtest/gtest.h>

#include "scratch_dir.hpp"

#include <fstream>
#include <stdexcept>
#include <string>

namespace fio::core {
namespace {

struct Form {
    const char* spec;
    const char* text;  // Endpoint::text() expected
};

TEST(RemoteEndpoint, ServerForms) {
    for (const Form f : {
             Form{"", "tcp:8765"},
             Form{"tcp", "tcp:8765"},
             Form{"tcp:", "tcp:8765"},
             Form{"tcp:9000", "tcp:9000"},
             Form{"tcp:0", "tcp:0"},
             Form{"tcp:host1:9000", "tcp:host1:9000"},
             Form{"tcp:host1", "tcp:host1:8765"},
             Form{"tcp:[::1]:9000", "tcp:[::1]:9000"},
             Form{"tcp:[::1]", "tcp:[::1]:8765"},
             Form{"tcp::9000", "tcp:9000"},
             Form{"unix:/run/fio.sock", "unix:/run/fio.sock"},
             Form{"sock:/tmp/fio.sock", "unix:/tmp/fio.sock"},
             Form{"ip:1.2.3.4,4444", "tcp:1.2.3.4:4444"},
             Form{"ip4:hostname,4444", "tcp:hostname:4444"},
             Form{"ip:hostname", "tcp:hostname:8765"},
             Form{"ip6:::1,4444", "tcp:[::1]:4444"},
             Form{"ip6:[fe80::1],4444", "tcp:[fe80::1]:4444"},
             Form{",4444", "tcp:4444"},
             Form{"1.2.3.4,4444", "tcp:1.2.3.4:4444"},
             Form{"1.2.3.4", "tcp:1.2.3.4:8765"},
             Form{"::1", "tcp:[::1]:8765"},
             Form{"localhost:9000", "tcp:localhost:9000"},
             Form{"tls:host:9000", "tls:host:9000"},
         }) {
        EXPECT_EQ(parse_server_endpoint(f.spec).text(), f.text) << f.spec;
    }
    const Endpoint e = parse_server_endpoint("tcp:[::1]:9000");
    EXPECT_EQ(e.transport, "tcp");
    EXPECT_EQ(e.address, "[::1]:9000");
}

TEST(RemoteEndpoint, ClientForms) {
    for (const Form f : {
             Form{"host1", "tcp:host1:8765"},
             Form{"host1,9000", "tcp:host1:9000"},
             Form{"host1:9000", "tcp:host1:9000"},
             Form{"ip:10.0.0.2,9000", "tcp:10.0.0.2:9000"},
             Form{"ip6:::1,9000", "tcp:[::1]:9000"},
             Form{"sock:/tmp/fio.sock", "unix:/tmp/fio.sock"},
             Form{"tcp:host1:9000", "tcp:host1:9000"},
             Form{"tcp:[::1]:9000", "tcp:[::1]:9000"},
             Form{"tcp:[::1]", "tcp:[::1]:8765"},
             Form{"unix:/run/fio.sock", "unix:/run/fio.sock"},
             Form{"fe80::1%eth0", "tcp:[fe80::1%eth0]:8765"},
         }) {
        const auto endpoints = parse_client_spec(f.spec);
        ASSERT_EQ(endpoints.size(), 1u) << f.spec;
        EXPECT_EQ(endpoints[0].text(), f.text) << f.spec;
    }
}

void expect_invalid(bool server, const std::string& spec, const std::string& why) {
    try {
        if (server) parse_server_endpoint(spec);
        else parse_client_spec(spec);
        ADD_FAILURE() << "accepted " << spec;
    } catch (const std::invalid_argument& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("endpoint '" + spec + "'"), std::string::npos) << what;
        EXPECT_NE(what.find(why), std::string::npos) << what;
    }
}

TEST(RemoteEndpoint, BadInputSaysWhatAndWhy) {
    expect_invalid(true, "tcp:host:99999", "bad port '99999'");
    expect_invalid(true, "tcp:host:", "bad port ''");
    expect_invalid(true, "tcp:[::1:80", "unclosed '['");
    expect_invalid(true, "tcp:[::1]80", "expected ':PORT' after ']'");
    expect_invalid(true, "tcp:[]:80", "empty address between brackets");
    expect_invalid(true, "ip:host,port", "bad port 'port'");
    expect_invalid(true, "unix:", "no socket path");
    expect_invalid(true, "sock", "no socket path");
    expect_invalid(true, "tcp:my host:80", "is not a host name or address");
    expect_invalid(true, "tls:", "no address after 'tls:'");
    expect_invalid(false, "", "no server named");
    expect_invalid(false, "tcp:", "no host to connect to");
    expect_invalid(false, "tcp:9000", "'9000' is a port; name the host too");
    expect_invalid(false, ",9000", "no host to connect to");
    expect_invalid(false, "host,0", "port 0 cannot be connected to");
    expect_invalid(false, "Host!:x", "not an endpoint");
}

TEST(RemoteEndpoint, ClientHostFile) {
    test::ScratchDir dir;
    const std::string path = dir / "hosts";
    {
        std::ofstream out(path);
        out << "# storage hosts\n"
               "host1\n"
               "\n"
               "   host2,9000  \n"
               "\t# spare, off for now\n"
               "ip6:::1,9001\n"
               "unix:/run/fio.sock\n";
    }
    const auto endpoints = parse_client_spec(path);
    ASSERT_EQ(endpoints.size(), 4u);
    EXPECT_EQ(endpoints[0].text(), "tcp:host1:8765");
    EXPECT_EQ(endpoints[1].text(), "tcp:host2:9000");
    EXPECT_EQ(endpoints[2].text(), "tcp:[::1]:9001");
    EXPECT_EQ(endpoints[3].text(), "unix:/run/fio.sock");
}

TEST(RemoteEndpoint, ClientHostFileErrorsNameTheLine) {
    test::ScratchDir dir;
    const std::string bad = dir / "bad-hosts";
    std::ofstream(bad) << "host1\n# comment\nhost2,99999\n";
    try {
        parse_client_spec(bad);
        ADD_FAILURE() << "accepted a bad port";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find(bad + ":3: endpoint 'host2,99999': bad port '99999'"),
                  std::string::npos)
            << e.what();
    }
    const std::string empty = dir / "empty-hosts";
    std::ofstream(empty) << "# nobody\n\n";
    EXPECT_THROW(parse_client_spec(empty), std::invalid_argument);
}

TEST(RemoteEndpoint, HostPortSplitting) {
    sdk::HostPort hp;
    std::string why;
    ASSERT_TRUE(sdk::split_host_port("[2001:db8::1]:80", hp, why));
    EXPECT_EQ(hp.host, "2001:db8::1");
    EXPECT_EQ(hp.port, 80);
    EXPECT_TRUE(hp.has_port);
    ASSERT_TRUE(sdk::split_host_port("2001:db8::1", hp, why));
    EXPECT_EQ(hp.host, "2001:db8::1");
    EXPECT_FALSE(hp.has_port);
    EXPECT_EQ(sdk::join_host_port("2001:db8::1", 80), "[2001:db8::1]:80");
    EXPECT_EQ(sdk::join_host_port("10.0.0.1", 65535), "10.0.0.1:65535");
    EXPECT_FALSE(sdk::is_port_number("65536"));
    EXPECT_FALSE(sdk::is_port_number("-1"));
    EXPECT_TRUE(sdk::is_port_number("0"));
}

}  // namespace
}  // namespace fio::core
