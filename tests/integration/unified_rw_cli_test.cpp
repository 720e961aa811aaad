// unified_rw_reporting end to end: which direction objects the JSON has, in stock fio
// 3.33's order, what the "mixed" one sums, and the text report's mixed lines.
#include "run_command.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace fio::test {
namespace {

// Ordered, so that key order can be compared with stock's.
using json = nlohmann::ordered_json;

// 1 MiB of 4 KiB random reads and writes on the null engine (256 I/Os), plus `options`.
const std::string kJob = "--name=t --ioengine=null --size=1m --bs=4k --rw=randrw ";

json run_json(const std::string& options) {
    const auto r = run_fio(kJob + options + " --output-format=json", 60);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(json::accept(r.out)) << r.out;
    return json::accept(r.out) ? json::parse(r.out)["jobs"][0] : json::object();
}

// The direction objects present, in order.
std::vector<std::string> directions_of(const json& job) {
    std::vector<std::string> keys;
    for (const auto& item : job.items()) {
        if (item.key() == "read" || item.key() == "write" || item.key() == "trim" ||
            item.key() == "sync" || item.key() == "mixed")
            keys.push_back(item.key());
    }
    return keys;
}

std::uint64_t u64(const json& value) { return value.get<std::uint64_t>(); }

TEST(UnifiedRwCli, NoneKeepsTheDirectionsApart) {
    for (const char* value : {"none", "0"}) {
        const json job = run_json(std::string("--unified_rw_reporting=") + value);
        EXPECT_EQ(directions_of(job), (std::vector<std::string>{"read", "write", "trim", "sync"}))
            << value;
        EXPECT_EQ(u64(job["read"]["io_bytes"]) + u64(job["write"]["io_bytes"]), 1048576u);
    }
}

TEST(UnifiedRwCli, MixedReportsOnlyTheSum) {
    for (const char* value : {"mixed", "1"}) {
        const json job = run_json(std::string("--unified_rw_reporting=") + value);
        // As stock: no read, write, trim or even sync object.
        EXPECT_EQ(directions_of(job), std::vector<std::string>{"mixed"}) << value;
        const json& mixed = job["mixed"];
        EXPECT_EQ(u64(mixed["io_bytes"]), 1048576u);
        EXPECT_EQ(u64(mixed["io_kbytes"]), 1024u);
        EXPECT_EQ(u64(mixed["total_ios"]), 256u);
        EXPECT_EQ(u64(mixed["clat_ns"]["N"]), 256u);
        EXPECT_EQ(u64(mixed["lat_ns"]["N"]), 256u);
    }
    const auto text = run_fio(kJob + "--unified_rw_reporting=mixed", 60);
    EXPECT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("\n  mixed: IOPS="), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("(1024KiB/"), std::string::npos) << text.out;
    EXPECT_EQ(text.out.find("  read: IOPS="), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("issued rwts: total=256,0,0,0 "), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("\n  MIXED: bw="), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("io=1024KiB (1049kB)"), std::string::npos) << text.out;
    EXPECT_EQ(text.out.find("   READ: bw="), std::string::npos) << text.out;
}

TEST(UnifiedRwCli, BothAddsMixedAfterSync) {
    for (const char* value : {"both", "2"}) {
        const json job = run_json(std::string("--unified_rw_reporting=") + value);
        EXPECT_EQ(directions_of(job),
                  (std::vector<std::string>{"read", "write", "trim", "sync", "mixed"}))
            << value;
        const json& read = job["read"];
        const json& write = job["write"];
        const json& mixed = job["mixed"];
        EXPECT_EQ(u64(read["io_bytes"]) + u64(write["io_bytes"]), 1048576u);
        EXPECT_EQ(u64(mixed["io_bytes"]), 1048576u);
        EXPECT_EQ(u64(mixed["total_ios"]), u64(read["total_ios"]) + u64(write["total_ios"]));
        EXPECT_EQ(u64(mixed["total_ios"]), 256u);
        EXPECT_EQ(u64(mixed["clat_ns"]["N"]), 256u);
        EXPECT_EQ(u64(mixed["clat_ns"]["max"]),
                  std::max(u64(read["clat_ns"]["max"]), u64(write["clat_ns"]["max"])));
        EXPECT_EQ(u64(mixed["runtime"]), std::max(u64(read["runtime"]), u64(write["runtime"])));
    }
    const auto text = run_fio(kJob + "--unified_rw_reporting=both", 60);
    EXPECT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("\n  read: IOPS="), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("\n  write: IOPS="), std::string::npos) << text.out;
    // Stock's text report shows the mixed block's rates as zero (its JSON does not).
    EXPECT_NE(text.out.find("\n  mixed: IOPS=0, BW=0 (0)(0B/"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("\n   READ: bw="), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("\n  MIXED: bw="), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("io=1024KiB (1049kB)"), std::string::npos) << text.out;
}

TEST(UnifiedRwCli, OtherValuesAreRefusedAsStockDoes) {
    for (const char* value : {"3", "yes", "Mixed"}) {
        const auto r = run_fio(kJob + "--unified_rw_reporting=" + value, 30);
        EXPECT_EQ(r.exit_code, 1) << value;
        EXPECT_NE(r.err.find("unified_rw_reporting"), std::string::npos) << r.err;
    }
}

}  // namespace
}  // namespace fio::test
