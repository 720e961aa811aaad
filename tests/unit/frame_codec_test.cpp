// The SDK frame codec (REFERENCE.md "Wire framing"): round trips at and around the
// fragment size, byte-at-a-time reassembly, one clean error per kind of bad frame, and
// random or mutated input that never crashes the decoder.
#include <fio/sdk/frame.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace fio::sdk::wire {
namespace {

Message make_message(std::uint16_t opcode, std::uint64_t tag, std::size_t size) {
    Message m;
    m.opcode = opcode;
    m.tag = tag;
    m.payload.resize(size);
    for (std::size_t i = 0; i < size; ++i) m.payload[i] = static_cast<std::uint8_t>(i * 131 + 7);
    return m;
}

std::vector<Message> decode_all(FrameDecoder& decoder, const std::vector<std::uint8_t>& bytes,
                                bool byte_at_a_time) {
    std::vector<Message> out;
    if (byte_at_a_time) {
        for (std::uint8_t b : bytes) {
            decoder.feed(&b, 1);
            while (auto m = decoder.next()) out.push_back(std::move(*m));
        }
    } else {
        decoder.feed(bytes.data(), bytes.size());
        while (auto m = decoder.next()) out.push_back(std::move(*m));
    }
    return out;
}

// Rewrites a header's CRC after a test changed one of its fields.
void reseal_header(std::uint8_t* header) {
    detail::put_le(header + 20, crc16(header, 20));
}

TEST(FrameCodec, Crc16IsArc) {
    const char* check = "123456789";
    EXPECT_EQ(crc16(reinterpret_cast<const std::uint8_t*>(check), 9), 0xBB3D);
    EXPECT_EQ(crc16(nullptr, 0), 0);
}

TEST(FrameCodec, HeaderLayoutIsLittleEndian) {
    Message m = make_message(0x0105, 0x1122334455667788ull, 3);
    const auto bytes = encode_message(m);
    ASSERT_EQ(bytes.size(), kHeaderSize + 3);
    EXPECT_EQ(kWireVersion, 0x4601);
    EXPECT_EQ(bytes[0], 0x01);  // version 0x4601
    EXPECT_EQ(bytes[1], 0x46);
    EXPECT_EQ(bytes[2], 0x05);  // opcode 0x0105
    EXPECT_EQ(bytes[3], 0x01);
    EXPECT_EQ(bytes[4], 0x00);  // flags: single fragment, no MORE
    EXPECT_EQ(bytes[8], 0x88);  // tag, low byte first
    EXPECT_EQ(bytes[15], 0x11);
    EXPECT_EQ(bytes[16], 3);  // pdu_len
    EXPECT_EQ(detail::get_le<std::uint16_t>(&bytes[20]), crc16(bytes.data(), 20));
    EXPECT_EQ(detail::get_le<std::uint16_t>(&bytes[22]), crc16(m.payload.data(), 3));
}

TEST(FrameCodec, EmptyPayloadIsOneFragmentWithZeroCrc) {
    const auto bytes = encode_message(make_message(9, 1, 0));
    ASSERT_EQ(bytes.size(), kHeaderSize);
    EXPECT_EQ(detail::get_le<std::uint32_t>(&bytes[16]), 0u);
    EXPECT_EQ(detail::get_le<std::uint16_t>(&bytes[22]), 0u);
}

TEST(FrameCodec, FragmentCountsAroundTheFragmentSize) {
    struct Case { std::size_t size, fragments; };
    for (const Case c : {Case{0, 1}, Case{1, 1}, Case{kFragmentSize - 1, 1}, Case{kFragmentSize, 1},
                         Case{kFragmentSize + 1, 2}, Case{3 * kFragmentSize, 3},
                         Case{3 * kFragmentSize + 5, 4}}) {
        const auto bytes = encode_message(make_message(6, 2, c.size));
        EXPECT_EQ(bytes.size(), c.fragments * kHeaderSize + c.size) << c.size;
        // MORE on all but the last fragment.
        std::size_t offset = 0;
        for (std::size_t i = 0; i < c.fragments; ++i) {
            const auto flags = detail::get_le<std::uint32_t>(&bytes[offset + 4]);
            EXPECT_EQ(flags, i + 1 < c.fragments ? kFlagMore : 0u) << c.size << " fragment " << i;
            offset += kHeaderSize + detail::get_le<std::uint32_t>(&bytes[offset + 16]);
        }
        EXPECT_EQ(offset, bytes.size());
    }
}

TEST(FrameCodec, RoundTripsAllAtOnceAndByteAtATime) {
    for (std::size_t size : {std::size_t{0}, std::size_t{5}, kFragmentSize, kFragmentSize + 1,
                             std::size_t{200 * 1024} + 3}) {
        for (bool byte_at_a_time : {false, true}) {
            const Message sent = make_message(7, 0xDEADBEEFCAFEull + size, size);
            // Two messages back to back: the decoder must split them.
            auto bytes = encode_message(sent);
            const auto second = encode_message(make_message(5, 3, 2));
            bytes.insert(bytes.end(), second.begin(), second.end());
            FrameDecoder decoder;
            const auto got = decode_all(decoder, bytes, byte_at_a_time);
            ASSERT_EQ(got.size(), 2u) << size;
            EXPECT_EQ(got[0].opcode, sent.opcode);
            EXPECT_EQ(got[0].tag, sent.tag);
            EXPECT_EQ(got[0].payload, sent.payload) << size;
            EXPECT_EQ(got[1].opcode, 5);
            EXPECT_EQ(got[1].payload.size(), 2u);
            EXPECT_FALSE(decoder.failed());
            EXPECT_FALSE(decoder.mid_message());
            EXPECT_EQ(decoder.error_kind(), FrameError::none);
            EXPECT_EQ(decoder.error(), "");
        }
    }
}

TEST(FrameCodec, SmallFragmentSizeRoundTrips) {
    const Message sent = make_message(16, 77, 1000);
    FrameDecoder decoder;
    const auto got = decode_all(decoder, encode_message(sent, 7), false);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].payload, sent.payload);
}

// Feeds `bytes` and expects the decoder to refuse them with `kind`.
void expect_refused(const std::vector<std::uint8_t>& bytes, FrameError kind,
                    const std::string& text_part, FrameLimits limits = {}) {
    for (bool byte_at_a_time : {false, true}) {
        FrameDecoder decoder(limits);
        const auto got = decode_all(decoder, bytes, byte_at_a_time);
        EXPECT_TRUE(got.empty());
        EXPECT_TRUE(decoder.failed());
        EXPECT_EQ(decoder.error_kind(), kind);
        EXPECT_NE(decoder.error().find(text_part), std::string::npos) << decoder.error();
        EXPECT_EQ(decoder.error().find('\n'), std::string::npos);
        // It stays failed, whatever comes next.
        const auto good = encode_message(make_message(1, 1, 1));
        decoder.feed(good.data(), good.size());
        EXPECT_FALSE(decoder.next().has_value());
        EXPECT_TRUE(decoder.failed());
    }
}

TEST(FrameCodec, HeaderCrcMismatch) {
    auto bytes = encode_message(make_message(5, 1, 10));
    bytes[2] ^= 0x01;  // the opcode changes, the CRC does not
    expect_refused(bytes, FrameError::header_crc, "header CRC mismatch");
}

TEST(FrameCodec, PayloadCrcMismatch) {
    auto bytes = encode_message(make_message(5, 1, 10));
    bytes[kHeaderSize + 4] ^= 0x80;
    expect_refused(bytes, FrameError::payload_crc, "payload CRC mismatch");
}

TEST(FrameCodec, StockPeerIsNamedWithBothVersions) {
    const auto bytes = encode_message(make_message(10, 0, 0), kFragmentSize, kStockProtocolVersion);
    expect_refused(bytes, FrameError::stock_peer,
                   "peer speaks stock fio protocol 97; this fio speaks protocol 1.1");
    FrameDecoder decoder;
    decoder.feed(bytes.data(), bytes.size());
    decoder.next();
    EXPECT_EQ(decoder.error(), "peer speaks stock fio protocol 97; this fio speaks protocol 1.1");
    EXPECT_EQ(decoder.peer_version(), 97);
}

TEST(FrameCodec, TlsClientHelloIsNamedAsTls) {
    // The start of a TLS 1.2/1.3 ClientHello record, padded past one header.
    std::vector<std::uint8_t> bytes(64, 0x5a);
    bytes[0] = 0x16;  // handshake record
    bytes[1] = 0x03;  // version 3.1
    bytes[2] = 0x01;
    expect_refused(bytes, FrameError::tls_peer, "peer speaks TLS; this endpoint is plain fio protocol");
}

TEST(FrameCodec, OtherVersionIsUnknown) {
    const auto bytes = encode_message(make_message(10, 0, 4), kFragmentSize, 0x4602);
    expect_refused(bytes, FrameError::foreign_version, "peer speaks unknown protocol version 17922");
    FrameDecoder decoder;
    decoder.feed(bytes.data(), bytes.size());
    decoder.next();
    EXPECT_EQ(decoder.peer_version(), 0x4602);
}

TEST(FrameCodec, OversizedFragmentIsRefusedFromItsHeader) {
    // Only the header arrives: the decoder refuses without waiting for 100 bytes.
    auto bytes = encode_message(make_message(5, 1, 100));
    bytes.resize(kHeaderSize);
    expect_refused(bytes, FrameError::fragment_too_large,
                   "frame fragment of 100 bytes exceeds the limit of 64 bytes", {64, 1024});
    // The default limit: a fragment one byte over 64 KiB.
    auto big = encode_message(make_message(5, 1, kMaxFragmentSize + 1), kMaxFragmentSize + 1);
    expect_refused(big, FrameError::fragment_too_large, "exceeds the limit of 65536 bytes");
    // Exactly at the limit is accepted.
    FrameDecoder decoder;
    const auto at_limit = encode_message(make_message(5, 1, kMaxFragmentSize), kMaxFragmentSize);
    EXPECT_EQ(decode_all(decoder, at_limit, false).size(), 1u);
}

TEST(FrameCodec, MessageOverTheTotalCap) {
    const FrameLimits limits{64, 200};
    // 200 bytes in 64-byte fragments is at the cap; 201 is over.
    FrameDecoder ok(limits);
    EXPECT_EQ(decode_all(ok, encode_message(make_message(6, 1, 200), 64), false).size(), 1u);
    expect_refused(encode_message(make_message(6, 1, 201), 64), FrameError::message_too_large,
                   "exceeds the limit of 200 bytes", limits);
}

TEST(FrameCodec, OpcodeChangeMidMessage) {
    auto bytes = encode_message(make_message(6, 1, 20), 10);
    ASSERT_EQ(bytes.size(), 2 * kHeaderSize + 20);
    std::uint8_t* second = bytes.data() + kHeaderSize + 10;
    detail::put_le<std::uint16_t>(second + 2, 7);
    reseal_header(second);
    expect_refused(bytes, FrameError::opcode_changed, "opcode changed in the middle of a message (6, then 7)");
}

TEST(FrameCodec, TagChangeMidMessage) {
    auto bytes = encode_message(make_message(6, 1, 20), 10);
    std::uint8_t* second = bytes.data() + kHeaderSize + 10;
    detail::put_le<std::uint64_t>(second + 8, 2);
    reseal_header(second);
    expect_refused(bytes, FrameError::tag_changed, "tag changed in the middle of a message (1, then 2)");
}

TEST(FrameCodec, TruncatedHeaderAndPayloadWaitForMore) {
    const auto bytes = encode_message(make_message(6, 1, 100), 40);
    for (std::size_t cut : {std::size_t{1}, kHeaderSize - 1, kHeaderSize, kHeaderSize + 39,
                            kHeaderSize + 40 + 5, bytes.size() - 1}) {
        FrameDecoder decoder;
        decoder.feed(bytes.data(), cut);
        EXPECT_FALSE(decoder.next().has_value()) << cut;
        EXPECT_FALSE(decoder.failed()) << cut;
        EXPECT_TRUE(decoder.mid_message()) << cut;
        // The rest completes it.
        decoder.feed(bytes.data() + cut, bytes.size() - cut);
        const auto m = decoder.next();
        ASSERT_TRUE(m.has_value()) << cut;
        EXPECT_EQ(m->payload.size(), 100u);
        EXPECT_FALSE(decoder.mid_message());
    }
}

// Whatever the bytes, the decoder either yields messages or fails with one line; it
// never crashes, loops or holds more than a fragment's worth beyond what it was fed.
TEST(FrameCodec, RandomAndMutatedFramesFailCleanly) {
    std::mt19937_64 rng(20240611);
    const FrameLimits limits{4096, 16384};
    std::size_t decoded = 0;
    std::size_t failed = 0;
    for (int round = 0; round < 4000; ++round) {
        std::vector<std::uint8_t> bytes;
        const int shape = round % 4;
        if (shape == 0) {
            bytes.resize(rng() % 200);
            for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
        } else {
            const std::size_t size = rng() % 10000;
            bytes = encode_message(make_message(static_cast<std::uint16_t>(rng()), rng(), size),
                                   1 + rng() % 5000);
            const int flips = shape == 1 ? 1 : static_cast<int>(rng() % 8);
            for (int i = 0; i < flips && !bytes.empty(); ++i) {
                bytes[rng() % bytes.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
            }
            if (shape == 3) {
                // Mutated fields with the header CRC fixed up, so the deeper checks run.
                std::uint8_t* h = bytes.data();
                detail::put_le<std::uint32_t>(h + 16, static_cast<std::uint32_t>(rng() % 20000));
                if (rng() % 2) detail::put_le<std::uint32_t>(h + 4, static_cast<std::uint32_t>(rng()));
                reseal_header(h);
            }
        }
        FrameDecoder decoder(limits);
        const bool byte_at_a_time = round % 7 == 0;
        const auto got = decode_all(decoder, bytes, byte_at_a_time);
        decoded += got.size();
        for (const auto& m : got) EXPECT_LE(m.payload.size(), limits.max_message);
        if (decoder.failed()) {
            ++failed;
            EXPECT_NE(decoder.error_kind(), FrameError::none);
            EXPECT_FALSE(decoder.error().empty());
            EXPECT_EQ(decoder.error().find('\n'), std::string::npos);
        } else {
            EXPECT_EQ(decoder.error(), "");
        }
    }
    // Both outcomes occurred: the mutations are neither all harmless nor all fatal.
    EXPECT_GT(failed, 1000u);
    EXPECT_GT(decoded, 10u);
}

}  // namespace
}  // namespace fio::sdk::wire
