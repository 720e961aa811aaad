// cmdprio_bssplit (io_uring, libaio): parsing as stock fio 3.33 reads it, and the
// priority each I/O then gets by its direction and length.
#include <fio/sdk/io_priority.hpp>

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace fio::sdk {
namespace {

constexpr std::uint16_t kDefault = IOPRIO_PRIO_VALUE(IOPRIO_CLASS_RT, 0);  // cmdprio_class=1, cmdprio=0

TEST(CmdprioBssplit, OneListServesReadsAndWrites) {
    CommandPrioritySplit split;
    ASSERT_EQ(parse_cmdprio_bssplit("4k/100/3/2:16k/50/2/5:64k/10", kDefault, split), "");
    const std::vector<CommandPriorityShare> expected = {
        {4096, 100, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_IDLE, 2)},
        {16384, 50, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 5)},
        {65536, 10, kDefault}};
    EXPECT_EQ(split[0], expected);
    EXPECT_EQ(split[1], expected);
}

TEST(CmdprioBssplit, ACommaGivesWritesTheirOwnList) {
    CommandPrioritySplit split;
    ASSERT_EQ(parse_cmdprio_bssplit("4k/100/3/2,8k/100", kDefault, split), "");
    ASSERT_EQ(split[0].size(), 1u);
    EXPECT_EQ(split[0][0].block_size, 4096u);
    ASSERT_EQ(split[1].size(), 1u);
    EXPECT_EQ(split[1][0], (CommandPriorityShare{8192, 100, kDefault}));
    // Percentages are shares of each size's I/Os, not a split adding up to 100.
    ASSERT_EQ(parse_cmdprio_bssplit("512/100:1m/100:2MiB/0", kDefault, split), "");
    EXPECT_EQ(split[0][1].block_size, 1048576u);
    EXPECT_EQ(split[0][2].block_size, 2097152u);
}

TEST(CmdprioBssplit, MalformedEntriesAreNamed) {
    CommandPrioritySplit split;
    const std::map<std::string, std::string> bad = {
        {"8k/50/3", "expected 2 or 4 fields"},
        {"8k", "expected 2 or 4 fields"},
        {"8q/50", "bad block size"},
        {"0/50", "bad block size"},
        {"8k/101", "the percentage must be 0 to 100"},
        {"8k/50/4/1", "the class must be 1"},
        {"8k/50/2/8", "the level must be 0 to 7"},
        {"8k/50/2/1/1", "too many '/'"},
        {"4k/10,8k/10,16k/10", "at most two lists"},
    };
    for (const auto& [text, why] : bad) {
        const std::string error = parse_cmdprio_bssplit(text, kDefault, split);
        EXPECT_NE(error.find(why), std::string::npos) << text << ": " << error;
    }
}

// The engine's view: options as the core hands them over.
class Options final : public OptionValues {
public:
    std::map<std::string, std::string, std::less<>> values;
    bool has(std::string_view name) const override { return values.contains(name); }
    bool get_bool(std::string_view, bool fallback) const override { return fallback; }
    std::int64_t get_int(std::string_view name, std::int64_t fallback) const override {
        const auto it = values.find(name);
        return it == values.end() ? fallback : std::stoll(it->second);
    }
    std::string_view get_string(std::string_view name, std::string_view fallback) const override {
        const auto it = values.find(name);
        return it == values.end() ? fallback : std::string_view(it->second);
    }
};

TEST(CmdprioBssplit, EachIoGetsThePriorityOfItsSize) {
    Options options;
    options.values = {{"cmdprio_bssplit", "4k/100:8k/0:16k/25/2/1,4k/0"},
                      {"cmdprio_class", "2"},
                      {"cmdprio", "6"}};
    CommandPriority priority(&options, 1);
    ASSERT_EQ(priority.error(), "");
    int chosen_16k = 0;
    for (int i = 0; i < 4000; ++i) {
        EXPECT_EQ(priority.next(IoDirection::read, 4096), IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 6));
        EXPECT_EQ(priority.next(IoDirection::read, 8192), 0);
        EXPECT_EQ(priority.next(IoDirection::read, 512), 0);   // not listed
        EXPECT_EQ(priority.next(IoDirection::write, 4096), 0);
        const std::uint16_t p = priority.next(IoDirection::read, 16384);
        EXPECT_TRUE(p == 0 || p == IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 1));
        chosen_16k += p != 0;
    }
    EXPECT_GT(chosen_16k, 800);   // 25% of 4000, give or take
    EXPECT_LT(chosen_16k, 1200);
}

TEST(CmdprioBssplit, ExcludesCmdprioPercentageAsStockDoes) {
    Options options;
    options.values = {{"cmdprio_bssplit", "4k/100"}, {"cmdprio_percentage", "50"}};
    EXPECT_EQ(CommandPriority(&options, 1).error(),
              "cmdprio_percentage and cmdprio_bssplit are mutually exclusive");
    options.values = {{"cmdprio_bssplit", "4k/100/9/9"}};
    EXPECT_NE(CommandPriority(&options, 1).error().find("cmdprio_bssplit: '4k/100/9/9'"),
              std::string::npos);
}

}  // namespace
}  // namespace fio::sdk
