// Filling and checking verified blocks: every method round-trips, and a flipped byte is
// found in the right chunk with stock fio's wording.
#include "verify/block_codec.hpp"

#include "verify/checksum.hpp"
#include "verify/verify_pattern.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <vector>

namespace fio::core {
namespace {

VerifySpec spec_for(VerifyMethod method) {
    VerifySpec spec;
    spec.method = method;
    return spec;
}

constexpr VerifyMethod kChecksummed[] = {
    VerifyMethod::md5,      VerifyMethod::crc64,    VerifyMethod::crc32,    VerifyMethod::crc32c,
    VerifyMethod::crc16,    VerifyMethod::crc7,     VerifyMethod::sha1,     VerifyMethod::sha256,
    VerifyMethod::sha512,   VerifyMethod::sha3_224, VerifyMethod::sha3_256, VerifyMethod::sha3_384,
    VerifyMethod::sha3_512, VerifyMethod::xxhash,   VerifyMethod::meta};

TEST(VerifyBlockCodec, EveryMethodRoundTripsAndCatchesCorruption) {
    for (const VerifyMethod method : kChecksummed) {
        SCOPED_TRACE(verify_method_name(method));
        BlockCodec codec(spec_for(method), 4096);
        std::vector<std::uint8_t> block(4096);
        codec.fill(block.data(), 4096, 8192, BlockStamp{42, 5, 1, 7});
        const BlockExpectation expect{true, 42, 7, true};
        std::vector<std::uint8_t> copy = block;
        EXPECT_FALSE(codec.check(copy.data(), 4096, 8192, expect).has_value());

        // The last byte is covered by every checksum (meta covers the header only).
        const std::size_t at = method == VerifyMethod::meta ? 20 : 4095;
        copy = block;
        copy[at] ^= 0x01;
        const auto failure = codec.check(copy.data(), 4096, 8192, expect);
        ASSERT_TRUE(failure.has_value());
        EXPECT_EQ(failure->chunk_offset, 8192u);
        if (method != VerifyMethod::meta) {
            EXPECT_TRUE(failure->checksum_mismatch);
            EXPECT_EQ(failure->reason, fmt::format("{}: verify failed", verify_method_name(method)));
            EXPECT_NE(failure->expected, failure->received);
        }
    }
}

TEST(VerifyBlockCodec, HeaderFieldsAreChecked) {
    BlockCodec codec(spec_for(VerifyMethod::crc32c), 4096);
    std::vector<std::uint8_t> block(4096);
    codec.fill(block.data(), 4096, 4096, BlockStamp{9, 0, 1, 3});

    auto copy = block;
    auto failure = codec.check(copy.data(), 4096, 8192, {});  // read from the wrong place
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->reason, "verify: bad header offset 4096, wanted 8192");

    copy = block;
    failure = codec.check(copy.data(), 4096, 4096, BlockExpectation{true, 10, 3, true});
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->reason, "verify: bad header rand_seed 9, wanted 10");

    copy = block;
    failure = codec.check(copy.data(), 4096, 4096, BlockExpectation{true, 9, 4, true});
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->reason, "verify: bad header numberio 3, wanted 4");

    // experimental_verify knows a block's write number from its replay, not its seed:
    // the seed is not checked, the write number is.
    copy = block;
    EXPECT_FALSE(codec.check(copy.data(), 4096, 4096, BlockExpectation{false, 10, 3, true}));
    copy = block;
    failure = codec.check(copy.data(), 4096, 4096, BlockExpectation{false, 10, 4, true});
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->reason, "verify: bad header numberio 3, wanted 4");

    copy = block;
    copy[0] = 0;
    failure = codec.check(copy.data(), 4096, 4096, {});
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->reason, "verify: bad magic header ac00, wanted acca");

    copy = block;
    copy[30] ^= 0xff;  // inside the time field: only the header crc sees it
    failure = codec.check(copy.data(), 4096, 4096, {});
    ASSERT_TRUE(failure.has_value());
    EXPECT_TRUE(failure->reason.starts_with("verify: bad header crc "));
}

TEST(VerifyBlockCodec, IntervalsGiveOneHeaderPerChunk) {
    VerifySpec spec = spec_for(VerifyMethod::crc32c);
    spec.interval = 512;
    BlockCodec codec(spec, 4096);
    std::vector<std::uint8_t> block(4096);
    codec.fill(block.data(), 4096, 0, BlockStamp{1, 0, 1, 0});
    for (std::size_t chunk = 0; chunk < 8; ++chunk) {
        const VerifyHeader header = decode_verify_header(block.data() + chunk * 512);
        EXPECT_EQ(header.magic, kVerifyMagic);
        EXPECT_EQ(header.length, 512u);
        EXPECT_EQ(header.offset, chunk * 512);
    }
    block[3 * 512 + 100] ^= 0x10;
    const auto failure = codec.check(block.data(), 4096, 0, {});
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->chunk_offset, 3u * 512);
    EXPECT_EQ(failure->chunk_length, 512u);
}

TEST(VerifyBlockCodec, VerifyOffsetMovesTheHeader) {
    VerifySpec spec = spec_for(VerifyMethod::crc32c);
    spec.header_offset = 100;
    BlockCodec codec(spec, 4096);
    std::vector<std::uint8_t> block(4096);
    codec.fill(block.data(), 4096, 0, BlockStamp{1, 0, 1, 0});
    EXPECT_EQ(decode_verify_header(block.data() + 100).magic, kVerifyMagic);
    EXPECT_NE(decode_verify_header(block.data()).magic, kVerifyMagic);
    EXPECT_FALSE(codec.check(block.data(), 4096, 0, {}).has_value());
}

TEST(VerifyBlockCodec, PatternsAreWrittenAndChecked) {
    VerifySpec spec = spec_for(VerifyMethod::pattern);
    spec.pattern = parse_verify_pattern("%o");
    BlockCodec codec(spec, 4096);
    std::vector<std::uint8_t> block(4096);
    codec.fill(block.data(), 4096, 0x3000, {});
    EXPECT_EQ(block[0], 0x00);
    EXPECT_EQ(block[1], 0x30);  // 0x3000, little-endian, repeated
    EXPECT_EQ(block[9], 0x30);
    EXPECT_FALSE(codec.check(block.data(), 4096, 0x3000, {}).has_value());
    const auto moved = codec.check(block.data(), 4096, 0x4000, {});
    ASSERT_TRUE(moved.has_value());
    EXPECT_EQ(moved->reason, "pattern: verify failed");
    EXPECT_EQ(moved->preamble,
              "fio: got pattern '30', wanted '40'. Bad bits 3\nfio: bad pattern block offset 1");

    // With a checksum method the pattern fills the data after the header, also checked.
    VerifySpec with_header = spec_for(VerifyMethod::md5);
    with_header.pattern = parse_verify_pattern("0xaa555aa5");
    BlockCodec checked(with_header, 4096);
    checked.fill(block.data(), 4096, 0, {});
    EXPECT_EQ(block[56], 0xaa);
    EXPECT_FALSE(checked.check(block.data(), 4096, 0, {}).has_value());
}

TEST(VerifyBlockCodec, NullChecksNothing) {
    BlockCodec codec(spec_for(VerifyMethod::null), 4096);
    EXPECT_FALSE(codec.checks_anything());
    std::vector<std::uint8_t> block(4096, 0);
    EXPECT_FALSE(codec.check(block.data(), 4096, 0, {}).has_value());
}

}  // namespace
}  // namespace fio::core
