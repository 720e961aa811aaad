// verify_pattern parsing, with the byte layouts stock fio 3.33 writes for each form.
#include "verify/verify_pattern.hpp"

#include "options/value_parsers.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>
#include <vector>

namespace fio::core {
namespace {

std::string period_hex(std::string_view text, std::uint64_t offset = 0) {
    std::string out;
    for (auto byte : pattern_period(parse_verify_pattern(text), offset)) out += fmt::format("{:02x}", byte);
    return out;
}

std::string error_of(std::string_view text) {
    try {
        parse_verify_pattern(text);
    } catch (const ValueError& e) {
        return e.what();
    }
    return {};
}

TEST(VerifyPattern, NumbersAsStockWritesThem) {
    EXPECT_EQ(period_hex("12"), "0c");
    EXPECT_EQ(period_hex("300"), "2c01");
    EXPECT_EQ(period_hex("70000"), "701101");
    EXPECT_EQ(period_hex("-12"), "f4ffffff");
    EXPECT_EQ(period_hex("0"), "00");
    EXPECT_EQ(period_hex("0x1"), "01");
    EXPECT_EQ(period_hex("0x123"), "0123");
    EXPECT_EQ(period_hex("0xaa555aa5"), "aa555aa5");
    EXPECT_EQ(period_hex("0x0102030405060708090a"), "0102030405060708090a");
}

TEST(VerifyPattern, TextOffsetAndCombinations) {
    EXPECT_EQ(period_hex("\"ab\""), "6162");
    EXPECT_EQ(period_hex("%o", 0x1000), "0010000000000000");
    EXPECT_EQ(period_hex("0xff%o\"abcd\"-12", 4096), "ff001000000000000061626364f4ffffff");
    EXPECT_TRUE(pattern_uses_offset(parse_verify_pattern("1%o")));
    EXPECT_FALSE(pattern_uses_offset(parse_verify_pattern("0x11")));
}

TEST(VerifyPattern, RefusesWhatStockRefuses) {
    EXPECT_NE(error_of("4294967296"), "");  // more than 32 bits
    EXPECT_NE(error_of("'ab'"), "");
    EXPECT_NE(error_of("abc"), "");
    EXPECT_NE(error_of("\"open"), "");
    EXPECT_NE(error_of("0x"), "");
    EXPECT_NE(error_of(std::string(600, '1')), "");
    EXPECT_EQ(error_of("4294967295"), "");
}

TEST(VerifyPattern, FillRepeatsThePeriod) {
    const std::vector<std::uint8_t> period{1, 2, 3};
    std::vector<std::uint8_t> out(10, 0);
    fill_with_period(out.data(), out.size(), period);
    EXPECT_EQ(out, (std::vector<std::uint8_t>{1, 2, 3, 1, 2, 3, 1, 2, 3, 1}));
}

}  // namespace
}  // namespace fio::core
