// The built-in profiles' job generation (stock's option lists, act's rates) and act's
// latency slices and table.
#include "profiles/act_report.hpp"
#include "profiles/profile.hpp"
#include "run/latency_slices.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace fio::core {
namespace {

bool has_line(const ProfileJobLines& jobs, const std::string& line) {
    return std::find(jobs.lines.begin(), jobs.lines.end(), line) != jobs.lines.end();
}

TEST(Profiles, TiobenchDefaultsAreStocks) {
    const ProfileJobLines jobs = tiobench_profile().generate({});
    EXPECT_TRUE(has_line(jobs, "size=4*1024*$mb_memory"));
    EXPECT_TRUE(has_line(jobs, "bs=4096"));
    EXPECT_TRUE(has_line(jobs, "loops=1"));
    EXPECT_TRUE(has_line(jobs, "directory=./"));
    EXPECT_TRUE(has_line(jobs, "numjobs=1"));
    EXPECT_EQ(std::count_if(jobs.lines.begin(), jobs.lines.end(),
                            [](const std::string& l) { return l.starts_with("name="); }), 4);
    EXPECT_EQ(jobs.latency_slices, 0u);
}

TEST(Profiles, TiobenchSizeIsInMiB) {
    const ProfileJobLines jobs = tiobench_profile().generate({{"size", "3"}, {"threads", "4"}});
    EXPECT_TRUE(has_line(jobs, "size=3145728"));
    EXPECT_TRUE(has_line(jobs, "numjobs=4"));
}

TEST(Profiles, ActRatesAreStocks) {
    const ProfileJobLines jobs = act_profile().generate({{"device-names", "/dev/x"}});
    EXPECT_TRUE(has_line(jobs, "name=act-read-/dev/x"));
    EXPECT_TRUE(has_line(jobs, "numjobs=8"));
    EXPECT_TRUE(has_line(jobs, "rate_iops=250"));  // 2000 / 8 threads
    EXPECT_TRUE(has_line(jobs, "bs=1536"));        // 3 x 512
    EXPECT_TRUE(has_line(jobs, "rate_iops=12"));   // ceil(1000 / (131072 / 1536 = 85))
    EXPECT_TRUE(has_line(jobs, "bs=131072"));
    EXPECT_TRUE(has_line(jobs, "runtime=86400s"));
    EXPECT_EQ(jobs.latency_slices, 24u);
    EXPECT_TRUE(jobs.latencies_counted);
}

TEST(Profiles, ActPrepAndRefusals) {
    const ProfileJobLines prep = act_profile().generate({{"device-names", "d"}, {"prep", ""}});
    EXPECT_TRUE(has_line(prep, "name=act-prep-salt-d"));
    EXPECT_FALSE(prep.latencies_counted);
    EXPECT_THROW(act_profile().generate({}), ProfileError);
    EXPECT_THROW(act_profile().generate({{"device-names", "a,,b"}}), ProfileError);
    EXPECT_THROW(act_profile().generate({{"device-names", "a"}, {"threads-per-queue", "0"}}), ProfileError);
    EXPECT_THROW(act_profile().generate({{"device-names", "a"}, {"large-block-op-kbytes", "128"}}),
                 ProfileError);
    EXPECT_THROW(find_profile("nope"), ProfileError);
}

TEST(Profiles, LatencySlicesCountEachIoUnderItsHighestLimit) {
    LatencySlices slices;
    slices.start(2);
    const std::uint64_t t0 = 1'000'000;
    slices.add(500'000, t0);        // 0.5 ms: under every limit
    slices.add(1'000'000, t0);      // exactly 1 ms: not over it
    slices.add(2'000'000, t0);      // over 1 ms
    slices.add(10'000'000, t0);     // over 8 ms
    slices.add(100'000'000, t0);    // over 64 ms
    slices.add(2'000'000, t0 + kActSliceNs);  // closes the first slice
    slices.add(2'000'000, t0 + kActSliceNs + 1);
    ASSERT_EQ(slices.slices().size(), 2u);
    EXPECT_EQ(slices.slices()[0].total, 6u);
    EXPECT_EQ(slices.slices()[0].over, (std::array<std::uint64_t, 3>{2, 1, 1}));
    EXPECT_EQ(slices.slices()[1].total, 1u);
    EXPECT_EQ(slices.slices()[1].over[0], 1u);
}

TEST(Profiles, ActReportRendersStocksTable) {
    LatencySlices slices;
    slices.start(1);
    for (int i = 0; i < 99; ++i) slices.add(100'000, 1);
    slices.add(2'000'000, 1);  // 1% over 1 ms: within the 5% allowed
    EXPECT_EQ(render_act_report(slices),
              "        trans                   device\n"
              "        %>(ms)                  %>(ms)\n"
              " slice\t  1\t  8\t 64\t  1\t  8\t 64\n"
              " -----  -----   -----  ------   -----   -----  ------\n"
              "    1\t1.00\t0.00\t0.00\t1.00\t0.00\t0.00\n"
              "\n"
              "act: test complete, device(s): PASSED\n");
    slices.add(100'000'000, 1);  // 1 of 101 over 64 ms: more than 0.1%
    EXPECT_NE(render_act_report(slices).find("FAILED"), std::string::npos);
}

}  // namespace
}  // namespace fio::core
