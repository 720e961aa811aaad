// --output-format=json+ end to end: stock fio 3.33's json document with each latency
// histogram's buckets ("bins"), readable by Debian's fio_jsonplus_clat2csv.
#include "run_command.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace fio::test {
namespace {

using nlohmann::json;

constexpr const char* kClat2Csv = "/usr/bin/fio_jsonplus_clat2csv";

std::uint64_t bin_total(const json& bins) {
    std::uint64_t total = 0;
    for (const auto& [value, count] : bins.items()) total += count.get<std::uint64_t>();
    return total;
}

TEST(JsonPlusCli, BinsAddUpToEachBlocksSamples) {
    const auto r = run_fio("--name=j --ioengine=null --rw=randrw --size=4m --lat_percentiles=1 "
                           "--output-format=json+", 60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    ASSERT_TRUE(json::accept(r.out)) << r.out;
    const json job = json::parse(r.out)["jobs"][0];
    for (const char* dir : {"read", "write"}) {
        for (const char* block : {"clat_ns", "lat_ns"}) {
            const json& lat = job[dir][block];
            ASSERT_TRUE(lat.contains("bins")) << dir << " " << block;
            EXPECT_EQ(bin_total(lat["bins"]), lat["N"].get<std::uint64_t>()) << dir << block;
            // The smallest and largest bins hold min and max (within a bucket).
            std::uint64_t smallest = ~0ull, largest = 0;
            for (const auto& [value, count] : lat["bins"].items()) {
                smallest = std::min<std::uint64_t>(smallest, std::stoull(value));
                largest = std::max<std::uint64_t>(largest, std::stoull(value));
            }
            EXPECT_LE(smallest, lat["min"].get<std::uint64_t>() * 129 / 128 + 1) << dir << block;
            EXPECT_GE(largest * 129 / 128 + 1, lat["max"].get<std::uint64_t>()) << dir << block;
        }
        EXPECT_FALSE(job[dir]["slat_ns"].contains("bins")) << dir;  // no slat percentiles
    }
}

TEST(JsonPlusCli, PlainJsonHasNoBinsAndJsonWithJsonPlusIsOneDocument) {
    const auto plain = run_fio("--name=j --ioengine=null --size=1m --output-format=json");
    ASSERT_EQ(plain.exit_code, 0) << plain.err;
    EXPECT_FALSE(json::parse(plain.out)["jobs"][0]["read"]["clat_ns"].contains("bins"));
    const auto both = run_fio("--name=j --ioengine=null --size=1m --output-format=json,json+");
    ASSERT_EQ(both.exit_code, 0) << both.err;
    ASSERT_TRUE(json::accept(both.out)) << both.out;  // one document, not two
    EXPECT_TRUE(json::parse(both.out)["jobs"][0]["read"]["clat_ns"].contains("bins"));
}

TEST(JsonPlusCli, CombinesWithTerseAndNormal) {
    const auto terse = run_fio("--name=j --ioengine=null --size=1m --output-format=terse,json+");
    ASSERT_EQ(terse.exit_code, 0) << terse.err;
    ASSERT_EQ(terse.out.substr(0, 12), "3;fio-3.33;j");
    const auto json_start = terse.out.find("\n{");
    ASSERT_NE(json_start, std::string::npos) << terse.out;
    const std::string document = terse.out.substr(json_start + 1);
    ASSERT_TRUE(json::accept(document)) << document;
    EXPECT_TRUE(json::parse(document)["jobs"][0]["read"]["clat_ns"].contains("bins"));
    const auto normal = run_fio("--name=j --ioengine=null --size=1m --output-format=normal,json+");
    ASSERT_EQ(normal.exit_code, 0) << normal.err;
    // As stock: the JSON document comes before the text report, whatever the order given.
    const auto bins = normal.out.find("\"bins\" : {");
    const auto status = normal.out.find("Run status group 0");
    ASSERT_NE(bins, std::string::npos) << normal.out;
    ASSERT_NE(status, std::string::npos) << normal.out;
    EXPECT_LT(bins, status);
    EXPECT_LT(normal.out.find("Starting 1 process"), bins);  // the header comes as the run starts
}

TEST(JsonPlusCli, DebiansClat2CsvReadsAndValidatesIt) {
    if (!std::filesystem::exists(kClat2Csv)) GTEST_SKIP() << kClat2Csv << " is not installed";
    ScratchDir dir;
    const std::string doc = dir / "run.json";
    const auto r = run_fio("--name=j --ioengine=null --rw=randrw --size=2m --lat_percentiles=1 "
                           "--slat_percentiles=1 --numjobs=2 --output-format=json+ --output=" + doc,
                           60);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string csv = dir / "clat.csv";
    const auto made = run_shell(std::string(kClat2Csv) + " " + doc + " " + csv);
    ASSERT_EQ(made.exit_code, 0) << made.out << made.err;
    const auto checked = run_shell(std::string(kClat2Csv) + " --validate " + doc + " " + csv);
    EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
    EXPECT_NE(checked.out.find("clat_job0.csv validated"), std::string::npos) << checked.out;
    EXPECT_NE(checked.out.find("clat_job1.csv validated"), std::string::npos) << checked.out;
}

}  // namespace
}  // namespace fio::test
