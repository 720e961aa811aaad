// Expected values checked against stock fio 3.33 by running 20000 random I/Os with the
// null engine and write_iolog, and counting the sizes issued per direction (the shares
// below are the issued shares, within sampling noise). See bssplit_parser.hpp.
#include "options/bssplit_parser.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fio::core {
namespace {

constexpr std::uint64_t KiB = 1024;

using Split = BlockSizeSplit;

// The one split that applies to all three directions.
Split all_directions(std::string_view text, unsigned kb_base = 1024) {
    const PerDirection<Split> split = parse_bssplit(text, kb_base);
    EXPECT_TRUE(split[0].has_value()) << text;
    EXPECT_EQ(split[1], split[0]) << text;
    EXPECT_EQ(split[2], split[0]) << text;
    return split[0].value_or(Split{});
}

std::string error_of(std::string_view text) {
    try {
        parse_bssplit(text, 1024);
    } catch (const ValueError& e) {
        return e.what();
    }
    return "";
}

#define EXPECT_BSSPLIT_REJECTED(text, expected)                                    \
    do {                                                                           \
        const std::string message = error_of(text);                                \
        EXPECT_NE(message.find(expected), std::string::npos) << "message: " << message; \
    } while (0)

TEST(ParseBssplit, SortedByPercentAscending) {
    // HOWTO's example: 50% 64k, 10% 4k, 40% 32k.
    EXPECT_EQ(all_directions("4k/10:64k/50:32k/40"),
              (Split{{4 * KiB, 10}, {32 * KiB, 40}, {64 * KiB, 50}}));
}

TEST(ParseBssplit, EqualPercentagesKeepTheOrderWritten) {
    // Stock fio: swapping 8k/50:16k/50 to 16k/50:8k/50 swaps the issued sequence.
    EXPECT_EQ(all_directions("8k/50:16k/50"), (Split{{8 * KiB, 50}, {16 * KiB, 50}}));
    EXPECT_EQ(all_directions("16k/50:8k/50"), (Split{{16 * KiB, 50}, {8 * KiB, 50}}));
}

TEST(ParseBssplit, BlanksShareTheRestEqually) {
    // Stock: 50% 4k, 25% 8k, 25% 16k (HOWTO's example is 4k/50:1k/:32k/).
    EXPECT_EQ(all_directions("4k/50:8k/:16k/"), (Split{{8 * KiB, 25}, {16 * KiB, 25}, {4 * KiB, 50}}));
    EXPECT_EQ(all_directions("4k/50:1k/:32k/"), (Split{{KiB, 25}, {32 * KiB, 25}, {4 * KiB, 50}}));
    // A size without "/" is blank too.
    EXPECT_EQ(all_directions("4k/50:8k:16k"), (Split{{8 * KiB, 25}, {16 * KiB, 25}, {4 * KiB, 50}}));
    // Stock: a lone 8k, 8k/ or 8k/0 issues only 8k.
    EXPECT_EQ(all_directions("8k"), (Split{{8 * KiB, 100}}));
    EXPECT_EQ(all_directions("8k/"), (Split{{8 * KiB, 100}}));
    EXPECT_EQ(all_directions("4k:8k"), (Split{{4 * KiB, 50}, {8 * KiB, 50}}));
}

TEST(ParseBssplit, ZeroPercentIsBlank) {
    // Stock: 4k/0:8k/50 issues 4k and 8k half of the time each.
    EXPECT_EQ(all_directions("4k/0:8k/50"), (Split{{4 * KiB, 50}, {8 * KiB, 50}}));
    EXPECT_EQ(all_directions("8k/0"), (Split{{8 * KiB, 100}}));
}

TEST(ParseBssplit, TheLargestShareTakesWhatIsLeftShortOf100) {
    // Stock: 4k/10:8k/20 issues 4k 10% and 8k 90% of the time.
    EXPECT_EQ(all_directions("4k/10:8k/20"), (Split{{4 * KiB, 10}, {8 * KiB, 90}}));
    // Stock: 8k/30 alone issues only 8k.
    EXPECT_EQ(all_directions("8k/30"), (Split{{8 * KiB, 100}}));
    // Stock: the blanks get 16% each and 4k issues 52%, the 2% rounding left included.
    EXPECT_EQ(all_directions("4k/50:8k/:16k/:32k/"),
              (Split{{8 * KiB, 16}, {16 * KiB, 16}, {32 * KiB, 16}, {4 * KiB, 52}}));
    // 33 + 33 + 33: the last of the equal shares gets the 1.
    EXPECT_EQ(all_directions("1k:2k:3k"), (Split{{KiB, 33}, {2 * KiB, 33}, {3 * KiB, 34}}));
}

TEST(ParseBssplit, ZeroSharesStayInTheList) {
    // Stock: 8k/100:16k/ issues only 8k; 8k/100:1k/ issues 8k at 1k-aligned offsets, so
    // the 0% entry still counts for the smallest block size.
    EXPECT_EQ(all_directions("8k/100:16k/"), (Split{{16 * KiB, 0}, {8 * KiB, 100}}));
    EXPECT_EQ(all_directions("8k/100:16k/0:32k/"),
              (Split{{16 * KiB, 0}, {32 * KiB, 0}, {8 * KiB, 100}}));
    EXPECT_EQ(all_directions("4k/99:8k/:16k/"), (Split{{8 * KiB, 0}, {16 * KiB, 0}, {4 * KiB, 100}}));
}

TEST(ParseBssplit, SizesTakeUnitsKbBaseAndExpressions) {
    // Stock: 1KiB/50:4k/50 issues 1000-byte blocks (kb_base=1024 reads KiB as 1000).
    EXPECT_EQ(all_directions("1KiB/50:4k/50"), (Split{{1000, 50}, {4 * KiB, 50}}));
    EXPECT_EQ(all_directions("4k/50:8k/50", 1000), (Split{{4000, 50}, {8000, 50}}));
    EXPECT_EQ(all_directions("(8/2)k/25:4096*2/75"), (Split{{4 * KiB, 25}, {8 * KiB, 75}}));
    EXPECT_EQ(all_directions("4k/(100/4):8k/"), (Split{{4 * KiB, 25}, {8 * KiB, 75}}));
    EXPECT_EQ(all_directions(" 4k / 50 : 8k / 50 "), (Split{{4 * KiB, 50}, {8 * KiB, 50}}));
    EXPECT_EQ(all_directions("4k/50%:8k/50%"), (Split{{4 * KiB, 50}, {8 * KiB, 50}}));
}

TEST(ParseBssplit, PerDirection) {
    // HOWTO's example: 50% 2k and 50% 4k reads, 90% 4k and 10% 8k writes (and trims).
    const PerDirection<Split> split = parse_bssplit("2k/50:4k/50,4k/90:8k/10", 1024);
    EXPECT_EQ(split[0], (Split{{2 * KiB, 50}, {4 * KiB, 50}}));
    EXPECT_EQ(split[1], (Split{{8 * KiB, 10}, {4 * KiB, 90}}));
    EXPECT_EQ(split[2], split[1]);

    // Stock, rw=randrw: 8k/50:16k/50, splits reads; writes keep bs (4k).
    const PerDirection<Split> reads = parse_bssplit("8k/50:16k/50,", 1024);
    EXPECT_EQ(reads[0], (Split{{8 * KiB, 50}, {16 * KiB, 50}}));
    EXPECT_EQ(reads[1], std::nullopt);
    EXPECT_EQ(reads[2], std::nullopt);
    EXPECT_EQ(parse_bssplit("8k/50:16k/50,,", 1024), reads);

    // Stock: ,32k/100 leaves reads at bs and writes 32k.
    const PerDirection<Split> writes = parse_bssplit(",32k/100", 1024);
    EXPECT_EQ(writes[0], std::nullopt);
    EXPECT_EQ(writes[1], (Split{{32 * KiB, 100}}));
    EXPECT_EQ(writes[2], writes[1]);

    const PerDirection<Split> trims = parse_bssplit(",,32k", 1024);
    EXPECT_EQ(trims[0], std::nullopt);
    EXPECT_EQ(trims[1], std::nullopt);
    EXPECT_EQ(trims[2], (Split{{32 * KiB, 100}}));
}

TEST(ParseBssplit, ATrailingColonIsHarmless) {
    // Stock: 8k/50: is 8k/50.
    EXPECT_EQ(all_directions("4k/50:8k/50:"), (Split{{4 * KiB, 50}, {8 * KiB, 50}}));
}

TEST(ParseBssplit, AtMost64Entries) {
    // fmt rather than operator+ on literals: GCC 12 -O3 reports a false -Wrestrict there
    // (GCC bug 105329).
    std::string sixty_four = "1k";
    for (int i = 2; i <= 64; ++i) sixty_four += fmt::format(":{}k", i);
    EXPECT_EQ(all_directions(sixty_four).size(), 64u);
    // Stock keeps the first 64 and ignores the rest.
    EXPECT_BSSPLIT_REJECTED(sixty_four + ":65k", "it has 65 entries; at most 64");
}

TEST(ParseBssplit, PercentagesOver100AreRejected) {
    // HOWTO: "if bssplit is given a range that adds up to more, it will error out".
    // Stock fio does with two blanks, but issues 4k/60:8k/60 as 60/40 and gives
    // 4k/80:8k/30:16k/ nearly all to 16k.
    EXPECT_BSSPLIT_REJECTED("4k/60:8k/60", "the percentages add up to 120, more than 100");
    EXPECT_BSSPLIT_REJECTED("4k/80:8k/30:16k/", "add up to 110");
    EXPECT_BSSPLIT_REJECTED("4k/80:8k/30:16k/:32k/", "add up to 110");
    EXPECT_BSSPLIT_REJECTED("2k/50:4k/50,4k/90:8k/20",
                            "in '2k/50:4k/50,4k/90:8k/20', the write value: '4k/90:8k/20' is "
                            "not a block size split");
}

TEST(ParseBssplit, MalformedPercentages) {
    // Stock reads 101 and -10 as 100, 12.5 as 12, 50abc as 50.
    EXPECT_BSSPLIT_REJECTED("4k/101:8k/", "'4k/101' is not a block size share: '101' is not a percentage");
    EXPECT_BSSPLIT_REJECTED("4k/-10:8k/", "'-10' is not a percentage");
    EXPECT_BSSPLIT_REJECTED("4k/12.5:8k/", "the percentage must be a whole number (stock fio would use 12)");
    EXPECT_BSSPLIT_REJECTED("4k/50abc:8k/50", "'50abc' is not a percentage");
    EXPECT_BSSPLIT_REJECTED("4k/50/2", "expected SIZE/PERCENT with one '/'");
}

TEST(ParseBssplit, MalformedSizes) {
    // Stock rejects /50:8k/50 ("split conversion failed"), reads 4kx as 4k, and
    // issues nothing useful for a 0 block size.
    EXPECT_BSSPLIT_REJECTED("/50:8k/50", "'/50' is not a block size share: the block size is missing");
    EXPECT_BSSPLIT_REJECTED("4kx/50:8k/50", "'4kx' is not a size");
    EXPECT_BSSPLIT_REJECTED("0/50:8k/50", "a block size must be at least 1 byte");
    EXPECT_BSSPLIT_REJECTED("4k-8k/50", "'4k-8k' is not a size");
}

TEST(ParseBssplit, EmptyEntriesAndParts) {
    // Stock stops at an empty entry: 8k/50::16k/50 issues only 8k, :8k/50 leaves bs.
    EXPECT_BSSPLIT_REJECTED("8k/50::16k/50", "it has an empty entry");
    EXPECT_BSSPLIT_REJECTED(":8k/50", "it has an empty entry");
    EXPECT_BSSPLIT_REJECTED("", "gives no value");
    EXPECT_BSSPLIT_REJECTED(",", "gives no value");
    EXPECT_BSSPLIT_REJECTED("4k,8k,16k,32k", "at most 3");
}

}  // namespace
}  // namespace fio::core
