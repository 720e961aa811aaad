// Expected values checked against stock fio 3.33: the files a job creates for
// filename=, the JSON and text reports for percentile_list=. See list_parser.hpp.
#include "options/list_parser.hpp"

#include "options/value_parsers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace fio::core {
namespace {

using Names = std::vector<std::string>;
using Items = std::vector<std::string_view>;
using Numbers = std::vector<double>;

std::string error_of(std::string_view text) {
    try {
        parse_percentile_list(text);
    } catch (const ValueError& e) {
        return e.what();
    }
    return "";
}

#define EXPECT_PERCENTILES_REJECTED(text, expected)                                \
    do {                                                                           \
        const std::string message = error_of(text);                                \
        EXPECT_NE(message.find(expected), std::string::npos) << "message: " << message; \
    } while (0)

// --- split_list -------------------------------------------------------------------------

TEST(SplitList, KeepsEveryItemIncludingEmptyOnes) {
    EXPECT_EQ(split_list("a:b:c", ':'), (Items{"a", "b", "c"}));
    EXPECT_EQ(split_list("a::b", ':'), (Items{"a", "", "b"}));
    EXPECT_EQ(split_list(":a:", ':'), (Items{"", "a", ""}));
    EXPECT_EQ(split_list("", ':'), (Items{""}));
    EXPECT_EQ(split_list("abc", ':'), (Items{"abc"}));
    EXPECT_EQ(split_list("1,2", ','), (Items{"1", "2"}));
    EXPECT_EQ(split_list(" a : b ", ':'), (Items{" a ", " b "}));
}

// --- filename lists ---------------------------------------------------------------------

TEST(SplitFilenameList, ColonSeparatesNames) {
    EXPECT_EQ(split_filename_list("a:b"), (Names{"a", "b"}));
    EXPECT_EQ(split_filename_list("/dev/sda:/dev/sdb:/tmp/f"),
              (Names{"/dev/sda", "/dev/sdb", "/tmp/f"}));
    EXPECT_EQ(split_filename_list("single"), (Names{"single"}));
}

TEST(SplitFilenameList, BackslashEscapesOnlyAColon) {
    EXPECT_EQ(split_filename_list("a\\:b"), (Names{"a:b"}));    // stock: one file "a:b"
    EXPECT_EQ(split_filename_list("a\\b"), (Names{"a\\b"}));    // stock: "a\b"
    EXPECT_EQ(split_filename_list("a\\\\:b"), (Names{"a\\:b"}));  // stock: "a\:b"
    EXPECT_EQ(split_filename_list("a\\"), (Names{"a\\"}));      // stock: "a\"
    EXPECT_EQ(split_filename_list("a\\:"), (Names{"a:"}));      // stock: "a:"
    EXPECT_EQ(split_filename_list("\\:a"), (Names{":a"}));      // stock: ":a"
}

TEST(SplitFilenameList, EmptyNamesAreSkipped) {
    // Stock fio: a::b, :a and a: create only the non-empty names.
    EXPECT_EQ(split_filename_list("a::b"), (Names{"a", "b"}));
    EXPECT_EQ(split_filename_list(":a"), (Names{"a"}));
    EXPECT_EQ(split_filename_list("a:"), (Names{"a"}));
    EXPECT_EQ(split_filename_list(""), Names{});
    EXPECT_EQ(split_filename_list(":::"), Names{});
}

TEST(SplitFilenameList, NamesKeepTheirBlanksAndRepeats) {
    // Stock fio creates "a " and " b" for "a : b". Repeated names are the file set's
    // business (stock fio opens "a:a" once); the split keeps both.
    EXPECT_EQ(split_filename_list("a : b"), (Names{"a ", " b"}));
    EXPECT_EQ(split_filename_list("a:a"), (Names{"a", "a"}));
}

// --- float lists ------------------------------------------------------------------------

TEST(ParseFloatList, NumbersInTheOrderWritten) {
    EXPECT_EQ(parse_float_list("99:50:99.9"), (Numbers{99, 50, 99.9}));
    EXPECT_EQ(parse_float_list("1e1"), (Numbers{10}));  // stock: 10
    EXPECT_EQ(parse_float_list(" 50 : 99 "), (Numbers{50, 99}));
    EXPECT_EQ(parse_float_list("+2:-1.5"), (Numbers{2, -1.5}));
}

TEST(ParseFloatList, Rejections) {
    EXPECT_THROW(parse_float_list(""), ValueError);
    EXPECT_THROW(parse_float_list("1::2"), ValueError);
    EXPECT_THROW(parse_float_list("1:x"), ValueError);
    EXPECT_THROW(parse_float_list("inf"), ValueError);
    EXPECT_THROW(parse_float_list("nan"), ValueError);
    EXPECT_THROW(parse_float_list("1,2"), ValueError);
    EXPECT_THROW(parse_float_list("0x10"), ValueError);
}

// --- percentile lists -------------------------------------------------------------------

TEST(ParsePercentileList, SortedAscendingWithDuplicatesKept) {
    // Stock fio reports 99:50:99.9 as 50, 99, 99.9 and 50:50:20 as 20, 50, 50.
    EXPECT_EQ(parse_percentile_list("99:50:99.9"), (Numbers{50, 99, 99.9}));
    EXPECT_EQ(parse_percentile_list("50:50:20"), (Numbers{20, 50, 50}));
    EXPECT_EQ(parse_percentile_list("100"), (Numbers{100}));  // stock: accepted
    EXPECT_EQ(parse_percentile_list("99.99999"), (Numbers{99.99999}));
    EXPECT_EQ(parse_percentile_list("0.001"), (Numbers{0.001}));
}

TEST(ParsePercentileList, AtMostTwenty) {
    // Stock fio takes 20 values; with 21 it warns and drops the last.
    const std::string twenty = "1:2:3:4:5:6:7:8:9:10:11:12:13:14:15:16:17:18:19:20";
    EXPECT_EQ(parse_percentile_list(twenty).size(), 20u);
    EXPECT_PERCENTILES_REJECTED(twenty + ":21", "lists 21 percentiles; at most 20");
}

TEST(ParsePercentileList, Rejections) {
    // Stock fio rejects 100.1 and an empty value.
    EXPECT_PERCENTILES_REJECTED("100.1", "'100.1' is not a percentile list: 100.1 is outside (0,100]");
    EXPECT_PERCENTILES_REJECTED("", "it has an empty entry");
    // Stock fio reports no percentiles at all for 0:50 (0 ends its list) and for -1:50.
    EXPECT_PERCENTILES_REJECTED("0:50", "0 is outside (0,100]");
    EXPECT_PERCENTILES_REJECTED("-1:50", "-1 is outside (0,100]");
    // Stock fio warns and keeps 50 for these, and reads 50x as 50.
    EXPECT_PERCENTILES_REJECTED("50::99", "it has an empty entry");
    EXPECT_PERCENTILES_REJECTED("50:", "it has an empty entry");
    EXPECT_PERCENTILES_REJECTED(":50", "it has an empty entry");
    EXPECT_PERCENTILES_REJECTED("50x:99", "'50x' is not a number");
    EXPECT_PERCENTILES_REJECTED("50,99", "'50,99' is not a number");
}

}  // namespace
}  // namespace fio::core
