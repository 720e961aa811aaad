// murmur3, jhash and fnv as stock fio computes them (fio --crctest times them): the
// published test vectors where stock's hash is the published algorithm, and stock's
// quirks pinned with values from an independent implementation otherwise.
#include "util/table_hashes.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>

namespace fio::core {
namespace {

std::uint32_t murmur(std::string_view text, std::uint32_t seed) {
    return murmur3_32(text.data(), text.size(), seed);
}

std::uint32_t jhash(std::string_view text, std::uint32_t initval) {
    return stock_jhash(text.data(), static_cast<std::uint32_t>(text.size()), initval);
}

std::uint64_t fnv(std::string_view text, std::uint64_t hval) {
    return stock_fnv(text.data(), static_cast<std::uint32_t>(text.size()), hval);
}

TEST(TableHashes, Murmur3MatchesThePublishedVectors) {
    EXPECT_EQ(murmur("", 0), 0u);
    EXPECT_EQ(murmur("", 1), 0x514E28B7u);
    EXPECT_EQ(murmur("", 0xffffffffu), 0x81F16F39u);
    EXPECT_EQ(murmur(std::string_view("\0\0\0\0", 4), 0), 0x2362F9DEu);
    EXPECT_EQ(murmur("aaaa", 0x9747b28cu), 0x5A97808Au);
    EXPECT_EQ(murmur("Hello, world!", 0x9747b28cu), 0x24884CBAu);
    EXPECT_EQ(murmur("The quick brown fox jumps over the lazy dog", 0x9747b28cu), 0x2FA826CDu);
}

// Stock's jhash starts from 0x61C88647 where lookup3's hashlittle starts from
// 0xdeadbeef: with the difference folded into initval, inputs of up to 12 bytes give
// lookup3's own values.
constexpr std::uint32_t kAsLookup3 = 0xdeadbeefU - 0x61C88647U;

TEST(TableHashes, JhashOfShortInputsIsLookup3) {
    EXPECT_EQ(jhash("", kAsLookup3), 0xdeadbeefu);         // hashlittle("", 0, 0)
    EXPECT_EQ(jhash("", kAsLookup3 + 0xdeadbeefu), 0xbd5b7ddeu);  // hashlittle("", 0, 0xdeadbeef)
    EXPECT_EQ(jhash("Four score", kAsLookup3), 0xdb610bd1u);
    EXPECT_EQ(jhash("Four score", 0), 0x08a21db5u);
}

TEST(TableHashes, JhashAddsOneByteOfEachWordOfFullBlocksAsStocks) {
    // hashlittle gives 0x17770551 here with initval 0; stock's loop reads bytes 0, 4
    // and 8 of each 12-byte block only.
    EXPECT_EQ(jhash("Four score and seven years ago", 0x8989), 0xba25fc01u);
    // So bytes 1..3 of a full block change nothing.
    EXPECT_EQ(jhash("aXXXbYYYcZZZ+tail", 7), jhash("a...b...c...+tail", 7));
}

TEST(TableHashes, FnvOfOneByteIsThePublishedFnv1_64) {
    constexpr std::uint64_t kOffsetBasis = 0xcbf29ce484222325ULL;
    EXPECT_EQ(fnv("", kOffsetBasis), kOffsetBasis);
    EXPECT_EQ(fnv("a", kOffsetBasis), 0xaf63bd4c8601b7beULL);
}

TEST(TableHashes, FnvHashesWholeWordsThenTheTailAsStocks) {
    // 43 bytes: five little-endian words, then three bytes first byte most significant.
    EXPECT_EQ(fnv("The quick brown fox jumps over the lazy dog", 0x8989), 0x1f75f169124983c8ULL);
}

}  // namespace
}  // namespace fio::core
