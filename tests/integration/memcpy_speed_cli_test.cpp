// fio --memcpytest: stock's copy-speed report, its layout line by line, and stock's
// answer to a type it does not know.
#include "run_command.hpp"
#include "stock_compare.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fio::test {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

TEST(MemcpySpeedCli, EveryTypeReportsEveryBlockSizeInStocksLayout) {
    const auto run = run_fio("--memcpytest");
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.err, "");
    const auto lines = lines_of(run.out);
    const std::vector<std::string> types{"memcpy", "memmove", "simple", "hybrid"};
    const std::vector<std::string> sizes{"8", "16", "96", "128", "256", "512", "2048", "8192",
                                         "131072", "262144", "524288"};
    ASSERT_EQ(lines.size(), types.size() * (1 + sizes.size())) << run.out;
    const std::regex rate(R"(\t(\d+) bytes:\t *\d+\.\d\d MiB/sec)");
    std::size_t at = 0;
    for (const auto& type : types) {
        EXPECT_EQ(lines[at++], type);
        for (const auto& size : sizes) {
            std::smatch m;
            ASSERT_TRUE(std::regex_match(lines[at], m, rate)) << lines[at];
            EXPECT_EQ(m[1].str(), size);
            ++at;
        }
    }
    const auto one = run_fio("--memcpytest=hybrid");
    EXPECT_EQ(lines_of(one.out).size(), 1 + sizes.size());
    EXPECT_EQ(lines_of(one.out)[0], "hybrid");
}

TEST(MemcpySpeedCli, AnUnknownTypeIsAnsweredAsStockAnswersIt) {
    if (!stock_available()) GTEST_SKIP() << "stock fio is not installed";
    const auto run = run_side_by_side("--memcpytest=bogus");
    EXPECT_EQ(run.ours.exit_code, run.stock.exit_code);
    EXPECT_EQ(run.ours.exit_code, 1);
    EXPECT_EQ(run.ours.err, run.stock.err);
    EXPECT_EQ(run.ours.out, run.stock.out);

    // Stock runs the known names of a list and drops an unknown one without a word;
    // ours refuses the list the same way.
    const auto listed = run_fio("--memcpytest=memcpy,bogus");
    EXPECT_EQ(listed.exit_code, 1);
    EXPECT_EQ(listed.err, "fio: unknown hash `bogus`. Available:\n");
}

}  // namespace
}  // namespace fio::test
