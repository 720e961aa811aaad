// Per-priority latencies end to end: a cmdprio job's "prios" in json+ add up to the
// direction's totals, exactly, and carry the priorities the job asked for; the text
// report prints their "clat prio" lines; a job with one priority has none.
#include "run_command.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace fio::test {
namespace {

using nlohmann::json;

struct ScratchFile {
    std::string path = "/dev/shm/fio-prio-test-" + std::to_string(::getpid());
    ~ScratchFile() { std::filesystem::remove(path); }
};

json parse_json_or_fail(const CommandResult& r) {
    EXPECT_TRUE(json::accept(r.out)) << "not JSON:\n" << r.out << "\nstderr:\n" << r.err;
    return json::accept(r.out) ? json::parse(r.out) : json::object();
}

// The priorities' samples add up to the direction's `key` ("clat_ns", "lat_ns"): counts,
// extremes and every bin. Returns the (class, level) pairs seen.
std::set<std::pair<int, int>> expect_adds_up(const json& dir, const std::string& key) {
    std::set<std::pair<int, int>> seen;
    EXPECT_TRUE(dir.contains("prios")) << dir.dump();
    if (!dir.contains("prios")) return seen;
    std::uint64_t count = 0;
    std::uint64_t min = ~0ull;
    std::uint64_t max = 0;
    std::map<std::string, std::uint64_t> bins;
    for (const json& p : dir["prios"]) {
        seen.emplace(p["prioclass"].get<int>(), p["prio"].get<int>());
        const json& lat = p[key];
        count += lat["N"].get<std::uint64_t>();
        min = std::min(min, lat["min"].get<std::uint64_t>());
        max = std::max(max, lat["max"].get<std::uint64_t>());
        for (const auto& [bin, n] : lat["bins"].items()) bins[bin] += n.get<std::uint64_t>();
    }
    const json& total = dir[key];
    EXPECT_EQ(count, total["N"].get<std::uint64_t>());
    EXPECT_EQ(min, total["min"].get<std::uint64_t>());
    EXPECT_EQ(max, total["max"].get<std::uint64_t>());
    std::map<std::string, std::uint64_t> total_bins;
    for (const auto& [bin, n] : total["bins"].items()) total_bins[bin] = n.get<std::uint64_t>();
    EXPECT_EQ(bins, total_bins);
    return seen;
}

TEST(PriorityLatency, CmdprioJobsPrioritiesAddUpToTheTotalsAcrossThreads) {
    ScratchFile file;
    const auto r = run_fio("--name=j --ioengine=libaio --iodepth=4 --rw=randrw --size=512k "
                           "--filename=" + file.path + " --numjobs=2 --group_reporting "
                           "--cmdprio_percentage=40 --cmdprio_class=2 --cmdprio=4 "
                           "--output-format=json+");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const json job = parse_json_or_fail(r)["jobs"][0];
    const std::set<std::pair<int, int>> asked{{0, 0}, {2, 4}};
    for (const char* dir : {"read", "write"}) {
        EXPECT_EQ(expect_adds_up(job[dir], "clat_ns"), asked) << dir;
    }
    EXPECT_FALSE(job["trim"].contains("prios"));
}

TEST(PriorityLatency, LatPercentilesKeepTotalLatenciesPerPriority) {
    ScratchFile file;
    const auto r = run_fio("--name=j --ioengine=libaio --iodepth=4 --rw=randread --bs=4k "
                           "--bssplit=4k/50:8k/50 --size=512k --filename=" + file.path +
                           " --lat_percentiles=1 --cmdprio_bssplit=4k/50/3/1:8k/100/2/6 "
                           "--output-format=json+");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json job = parse_json_or_fail(r)["jobs"][0];
    EXPECT_EQ(expect_adds_up(job["read"], "lat_ns"),
              (std::set<std::pair<int, int>>{{0, 0}, {3, 1}, {2, 6}}));
}

TEST(PriorityLatency, TextReportPrintsEachPrioritysLines) {
    ScratchFile file;
    const auto r = run_fio("--name=j --ioengine=libaio --iodepth=4 --rw=randread --size=512k "
                           "--filename=" + file.path + " --cmdprio_percentage=50 "
                           "--cmdprio_class=3 --cmdprio=7");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* line : {"    clat prio 0/0 (", "    clat prio 3/7 (",
                             "    clat prio 0/0 (", "% of IOs) percentiles ("}) {
        EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
    }
}

TEST(PriorityLatency, OnePriorityShowsNoPerPriorityStats) {
    ScratchFile file;
    const auto r = run_fio("--name=j --ioengine=libaio --iodepth=4 --rw=randread --size=256k "
                           "--filename=" + file.path + " --prioclass=2 --prio=3 "
                           "--output-format=json,normal");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find("prios"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find(" prio "), std::string::npos) << r.out;
}

}  // namespace
}  // namespace fio::test
