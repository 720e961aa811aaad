// Checksums and the block header, against published check values ("123456789") and
// against blocks stock fio 3.33 wrote (verify_pattern=0x5a, bs=4k: the data after the
// header is all 0x5a, so each stored checksum is a vector for that many 0x5a bytes).
#include "verify/checksum.hpp"
#include "verify/verify_header.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <array>
#include <string>
#include <vector>

namespace fio::core {
namespace {

std::string hex(const std::uint8_t* bytes, std::size_t length) {
    std::string text;
    for (std::size_t i = 0; i < length; ++i) text += fmt::format("{:02x}", bytes[i]);
    return text;
}

std::string checksum_hex(VerifyMethod method, const std::vector<std::uint8_t>& data) {
    std::array<std::uint8_t, kMaxChecksumBytes> out{};
    compute_checksum(method, data.data(), data.size(), out.data());
    return hex(out.data(), checksum_bytes(method));
}

std::vector<std::uint8_t> bytes_of(std::string_view text) { return {text.begin(), text.end()}; }

TEST(VerifyChecksum, CrcCheckValuesInFiosVariants) {
    const auto check = bytes_of("123456789");
    // fio's crc32c skips the final inversion: ~0xE3069283 (CRC-32C's check value).
    EXPECT_EQ(checksum_hex(VerifyMethod::crc32c, check), "7c6df91c");
    // MSB-first CRC-32 from 0 without inversion: ~0x765E7680 (CRC-32/POSIX's check).
    EXPECT_EQ(checksum_hex(VerifyMethod::crc32, check), "7f89a189");
    // CRC-64/REDIS (reflected Jones polynomial): check 0xE9C6D914C4B8D9CA.
    EXPECT_EQ(checksum_hex(VerifyMethod::crc64, check), "cad9b8c414d9c6e9");
    EXPECT_EQ(checksum_hex(VerifyMethod::crc16, check), "3dbb");  // CRC-16/ARC: 0xBB3D
    EXPECT_EQ(checksum_hex(VerifyMethod::crc7, check), "75");     // CRC-7/MMC: 0x75
    EXPECT_EQ(fio_crc32c("123456789", 9), 0x1CF96D7Cu);
}

TEST(VerifyChecksum, DigestsOfAbc) {
    const auto abc = bytes_of("abc");
    EXPECT_EQ(checksum_hex(VerifyMethod::md5, abc), "900150983cd24fb0d6963f7d28e17f72");
    // SHA-1 a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d, kept as host-order words.
    EXPECT_EQ(checksum_hex(VerifyMethod::sha1, abc), "363e99a96a81064771253eba6cc250789dd8d09c");
    EXPECT_EQ(checksum_hex(VerifyMethod::sha3_256, abc),
              "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
    EXPECT_EQ(checksum_hex(VerifyMethod::sha3_224, abc),
              "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf");
}

struct StockVector {
    VerifyMethod method;
    std::size_t data_bytes;
    const char* stored;
};

TEST(VerifyChecksum, MatchesBlocksWrittenByStockFio) {
    const StockVector vectors[] = {
        {VerifyMethod::md5, 4040, "ac0fb384396f0373b4d2290f1eb2e197"},
        {VerifyMethod::crc64, 4048, "61b46f765ac1cabd"},
        {VerifyMethod::crc32, 4052, "aac0c6e4"},
        {VerifyMethod::crc32c, 4052, "93537037"},
        {VerifyMethod::crc16, 4054, "f254"},
        {VerifyMethod::crc7, 4055, "5b"},
        {VerifyMethod::sha1, 4036, "69f12a47b9ec7a528ea6768e426811e6971c4c86"},
        {VerifyMethod::sha256, 3992,
         "303fd5c263d1a8425a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a8000000000000000000000000000000000"
         "000000000000000000000000000000c07c000000000000"},
        {VerifyMethod::sha512, 3928, nullptr},  // 128 bytes of 0x5a, checked below
        {VerifyMethod::sha3_224, 4028, "5c4427eb25cf9fcd5ae002e3faa5185b3f5c21a2395f39ba033beb90"},
        {VerifyMethod::sha3_256, 4024,
         "55140e33cd69ffdc3b991c29d143eb714dbccc1e216da702aa90c269779bdb83"},
        {VerifyMethod::sha3_384, 4008,
         "e2e8f992d15a22b70d66da2763a4ef59e1e7a3f5b3e6f8e656f6f19f3a641f5cd5cf2edb624bd92080fb03"
         "54e7430608"},
        {VerifyMethod::sha3_512, 3992,
         "176e9964bcb196d918bb7d23d4646434de0164c5c63e2a7f6edf99de315176458ac17c7229ec6aed86ce30"
         "68de70e63bd2b640b27cc97a4ed2810c68f6fb3fb1"},
        {VerifyMethod::xxhash, 4052, "6e29dcaf"},
    };
    for (const auto& vector : vectors) {
        SCOPED_TRACE(verify_method_name(vector.method));
        EXPECT_EQ(kVerifyHeaderBytes + checksum_bytes(vector.method) + vector.data_bytes, 4096u);
        const std::vector<std::uint8_t> data(vector.data_bytes, 0x5a);
        if (vector.stored) {
            EXPECT_EQ(checksum_hex(vector.method, data), vector.stored);
        } else {
            std::string all_5a;
            for (int i = 0; i < 128; ++i) all_5a += "5a";
            EXPECT_EQ(checksum_hex(vector.method, data), all_5a);
        }
    }
}

TEST(VerifyChecksum, NamesAndWidths) {
    EXPECT_EQ(verify_method_from_name("crc32c-intel"), VerifyMethod::crc32c);
    EXPECT_EQ(verify_method_from_name("sha3-384"), VerifyMethod::sha3_384);
    EXPECT_EQ(verify_method_from_name("0"), VerifyMethod::none);
    EXPECT_EQ(verify_method_from_name("pattern"), VerifyMethod::pattern);
    EXPECT_FALSE(verify_method_from_name("CRC32C").has_value());
    EXPECT_EQ(checksum_bytes(VerifyMethod::sha512), 128u);
    EXPECT_EQ(checksum_bytes(VerifyMethod::meta), 0u);
    std::array<std::uint8_t, 4> crc{0x87, 0x85, 0x7e, 0x04};
    EXPECT_EQ(format_checksum(VerifyMethod::crc32c, crc.data()), "047e8587");
}

TEST(VerifyHeader, DecodesAHeaderStockFioWrote) {
    // The first block of a stock file (verify=crc32c, verify_pattern=0x5a, bs=4k).
    const std::string text = "caac0500001000000000000000000000000000000000000000000000b1753f070100000"
                             "0b8e4af99";
    std::array<std::uint8_t, kVerifyHeaderBytes> raw{};
    for (std::size_t i = 0; i < raw.size(); ++i) {
        raw[i] = static_cast<std::uint8_t>(std::stoi(text.substr(2 * i, 2), nullptr, 16));
    }
    const VerifyHeader header = decode_verify_header(raw.data());
    EXPECT_EQ(header.magic, kVerifyMagic);
    EXPECT_EQ(header.method, static_cast<std::uint16_t>(VerifyMethod::crc32c));
    EXPECT_EQ(header.length, 4096u);
    EXPECT_EQ(header.seed, 0u);
    EXPECT_EQ(header.offset, 0u);
    EXPECT_EQ(header.time_ns, 0x073f75b1u);
    EXPECT_EQ(header.thread, 1u);
    EXPECT_EQ(header.write_number, 0u);
    EXPECT_EQ(header.crc, 0x99afe4b8u);
    EXPECT_EQ(verify_header_crc(raw.data()), header.crc);

    // Encoding the decoded fields gives the same bytes back.
    std::array<std::uint8_t, kVerifyHeaderBytes> again{};
    encode_verify_header(header, again.data());
    EXPECT_EQ(again, raw);
}

TEST(VerifyHeader, RoundTripsEveryField) {
    VerifyHeader header;
    header.method = 15;
    header.length = 512;
    header.seed = 0x0123456789abcdefull;
    header.offset = 0xfedcba9876543210ull;
    header.time_s = 7;
    header.time_ns = 999'999'999;
    header.thread = 3;
    header.write_number = 65535;
    std::array<std::uint8_t, kVerifyHeaderBytes> raw{};
    encode_verify_header(header, raw.data());
    header.crc = verify_header_crc(raw.data());
    EXPECT_EQ(decode_verify_header(raw.data()), header);
    raw[20] ^= 1;  // any change breaks the header's crc
    EXPECT_NE(verify_header_crc(raw.data()), header.crc);
}

}  // namespace
}  // namespace fio::core
