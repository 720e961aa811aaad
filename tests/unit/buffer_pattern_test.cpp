// buffer_pattern parsing: the exact bytes stock fio 3.33 writes for each form
// (checked by writing files with stock fio and reading them back).
#include "options/buffer_pattern.hpp"
#include "options/value_parsers.hpp"
#include "scratch_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace fio::core {
namespace {

using Bytes = std::vector<std::uint8_t>;

TEST(BufferPattern, HexBytesInTheOrderWritten) {
    EXPECT_EQ(parse_buffer_pattern("0xdeadbeef"), (Bytes{0xde, 0xad, 0xbe, 0xef}));
    EXPECT_EQ(parse_buffer_pattern("0X0102"), (Bytes{0x01, 0x02}));
    EXPECT_EQ(parse_buffer_pattern("0x00000001"), (Bytes{0, 0, 0, 1}));
}

TEST(BufferPattern, OddHexDigitCountStartsWithANibble) {
    EXPECT_EQ(parse_buffer_pattern("0xabc"), (Bytes{0x0a, 0xbc}));
    EXPECT_EQ(parse_buffer_pattern("0x1"), (Bytes{0x01}));
}

TEST(BufferPattern, QuotedTextIsTakenAsIs) {
    EXPECT_EQ(parse_buffer_pattern("\"abc\""), (Bytes{'a', 'b', 'c'}));
}

TEST(BufferPattern, NumbersAreLittleEndianAndAsShortAsTheyFit) {
    EXPECT_EQ(parse_buffer_pattern("12"), (Bytes{0x0c}));
    EXPECT_EQ(parse_buffer_pattern("0"), (Bytes{0x00}));
    EXPECT_EQ(parse_buffer_pattern("010"), (Bytes{0x0a}));
    EXPECT_EQ(parse_buffer_pattern("+5"), (Bytes{0x05}));
    EXPECT_EQ(parse_buffer_pattern("256"), (Bytes{0x00, 0x01}));
    EXPECT_EQ(parse_buffer_pattern("65536"), (Bytes{0x00, 0x00, 0x01}));
    EXPECT_EQ(parse_buffer_pattern("2147483647"), (Bytes{0xff, 0xff, 0xff, 0x7f}));
}

TEST(BufferPattern, NegativeNumbersTakeFourBytes) {
    EXPECT_EQ(parse_buffer_pattern("-12"), (Bytes{0xf4, 0xff, 0xff, 0xff}));
    EXPECT_EQ(parse_buffer_pattern("-1"), (Bytes{0xff, 0xff, 0xff, 0xff}));
    EXPECT_EQ(parse_buffer_pattern("-2147483648"), (Bytes{0x00, 0x00, 0x00, 0x80}));
}

TEST(BufferPattern, PiecesCombineInAnyOrder) {
    EXPECT_EQ(parse_buffer_pattern("0xdeadface\"abcd\"-12"),
              (Bytes{0xde, 0xad, 0xfa, 0xce, 'a', 'b', 'c', 'd', 0xf4, 0xff, 0xff, 0xff}));
    EXPECT_EQ(parse_buffer_pattern("\"a\"0x01"), (Bytes{'a', 0x01}));
    EXPECT_EQ(parse_buffer_pattern("\"a\"-1"), (Bytes{'a', 0xff, 0xff, 0xff, 0xff}));
    // Blanks may only precede a number (as stock fio reads it).
    EXPECT_EQ(parse_buffer_pattern("1 2"), (Bytes{0x01, 0x02}));
    EXPECT_EQ(parse_buffer_pattern(" 5"), (Bytes{0x05}));
}

TEST(BufferPattern, QuotedFileNameReadsTheFileUpTo512Bytes) {
    fio::test::ScratchDir dir;
    const std::string path = dir / "pattern";
    {
        std::ofstream out(path, std::ios::binary);
        for (int i = 0; i < 1024; ++i) out.put(static_cast<char>(i & 0xFF));
    }
    const Bytes bytes = parse_buffer_pattern("0x99'" + path + "'");
    ASSERT_EQ(bytes.size(), kMaxBufferPattern);
    EXPECT_EQ(bytes[0], 0x99);
    EXPECT_EQ(bytes[1], 0x00);
    EXPECT_EQ(bytes[511], 254);
}

TEST(BufferPattern, RefusesWhatStockRefuses) {
    for (const char* bad : {"", "0x", "0xzz", "\"", "\"\"", "\"ab", "abc", "12abc", "5 ",
                            "0x01 0x02", "0x01 \"a\"", "1 \"a\"", "\"a\" 0x01", "%o",
                            "2147483648", "4294967295", "-2147483649",
                            "'/nonexistent/pattern/file'"}) {
        EXPECT_THROW(parse_buffer_pattern(bad), ValueError) << "[" << bad << "]";
    }
    EXPECT_THROW(parse_buffer_pattern("\"" + std::string(513, 'x') + "\""), ValueError);
    EXPECT_NO_THROW(parse_buffer_pattern("\"" + std::string(512, 'x') + "\""));
}

}  // namespace
}  // namespace fio::core
