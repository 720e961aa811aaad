// --output-format=network: the run's events as framed protocol messages on stdout, in
// the order the server relays them (start, text/status, job results, group results,
// disks, stop), each frame well formed and each payload decodable.
#include <fio/sdk/frame.hpp>
#include <fio/sdk/wire_messages.hpp>

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "run_command.hpp"

namespace fio::test {
namespace {

using sdk::wire::Opcode;

template <class T>
T read_le(const std::uint8_t* at) {
    T value = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) value |= static_cast<T>(at[i]) << (8 * i);
    return value;
}

// Splits a stream into messages, checking every header (version, CRCs, no fragments:
// every event here is smaller than a fragment).
std::vector<sdk::Message> split_frames(const std::string& stream) {
    std::vector<sdk::Message> messages;
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(stream.data());
    std::size_t at = 0;
    while (at < stream.size()) {
        EXPECT_GE(stream.size() - at, sdk::wire::kHeaderSize) << "truncated header at " << at;
        if (stream.size() - at < sdk::wire::kHeaderSize) break;
        const std::uint8_t* header = bytes + at;
        EXPECT_EQ(read_le<std::uint16_t>(header), sdk::wire::kWireVersion);
        EXPECT_EQ(read_le<std::uint32_t>(header + 4), 0u);  // flags: whole message
        EXPECT_EQ(read_le<std::uint64_t>(header + 8), 0u);  // tag
        EXPECT_EQ(read_le<std::uint16_t>(header + 20), sdk::wire::crc16(header, 20));
        const std::uint32_t length = read_le<std::uint32_t>(header + 16);
        EXPECT_LE(length, stream.size() - at - sdk::wire::kHeaderSize);
        if (length > stream.size() - at - sdk::wire::kHeaderSize) break;
        const std::uint8_t* payload = header + sdk::wire::kHeaderSize;
        EXPECT_EQ(read_le<std::uint16_t>(header + 22),
                  length ? sdk::wire::crc16(payload, length) : 0);
        messages.push_back({read_le<std::uint16_t>(header + 2), 0, {payload, payload + length}});
        at += sdk::wire::kHeaderSize + length;
    }
    return messages;
}

template <class T>
T decode(const sdk::Message& message) {
    T value;
    std::string error;
    EXPECT_TRUE(sdk::wire::decode_payload(message.payload, value, error)) << error;
    return value;
}

// The opcodes of `messages`, without the text and status ones (their number depends
// on timing).
std::vector<Opcode> event_sequence(const std::vector<sdk::Message>& messages) {
    std::vector<Opcode> sequence;
    for (const auto& m : messages) {
        const auto opcode = static_cast<Opcode>(m.opcode);
        if (opcode != Opcode::text && opcode != Opcode::status) sequence.push_back(opcode);
    }
    return sequence;
}

TEST(NetworkOutput, WritesTheRunAsFramedMessages) {
    const CommandResult r = run_fio("--name=x --ioengine=null --size=1m --output-format=network");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const std::vector<sdk::Message> messages = split_frames(r.out);
    ASSERT_FALSE(messages.empty());
    EXPECT_EQ(event_sequence(messages),
              (std::vector<Opcode>{Opcode::start, Opcode::job_result, Opcode::group_result,
                                   Opcode::stop}));
    EXPECT_EQ(static_cast<Opcode>(messages.front().opcode), Opcode::start);
    EXPECT_EQ(static_cast<Opcode>(messages.back().opcode), Opcode::stop);

    for (const auto& m : messages) {
        switch (static_cast<Opcode>(m.opcode)) {
        case Opcode::start: {
            const auto info = decode<sdk::RunInfo>(m);
            EXPECT_EQ(info.fio_version, "fio-3.33");
            ASSERT_EQ(info.jobs.size(), 1u);
            EXPECT_EQ(info.jobs[0].name, "x");
            EXPECT_EQ(info.jobs[0].ioengine, "null");
            break;
        }
        case Opcode::job_result: {
            const auto job = decode<sdk::JobResult>(m);
            EXPECT_EQ(job.name, "x");
            EXPECT_EQ(job.total_ios(), 256u);
            EXPECT_EQ(job.directions[0].io_bytes, 1u << 20);
            EXPECT_EQ(job.directions[0].clat.histogram.total(), 256u);
            break;
        }
        case Opcode::group_result:
            EXPECT_EQ(decode<sdk::GroupResult>(m).directions[0].io_bytes, 1u << 20);
            break;
        case Opcode::stop:
            EXPECT_EQ(decode<sdk::wire::RunEnd>(m).exit_code, 0);
            break;
        case Opcode::text:
            EXPECT_FALSE(decode<sdk::wire::TextLine>(m).text.empty());
            break;
        default:
            break;
        }
    }
}

TEST(NetworkOutput, StopCarriesTheRunsExitCode) {
    // Writes to /dev/full fail with ENOSPC: the job ends in error, the run exits 1.
    const CommandResult r = run_fio(
        "--name=x --ioengine=psync --filename=/dev/full --rw=write --size=64k "
        "--output-format=network");
    EXPECT_EQ(r.exit_code, 1);
    const std::vector<sdk::Message> messages = split_frames(r.out);
    ASSERT_FALSE(messages.empty());
    ASSERT_EQ(static_cast<Opcode>(messages.back().opcode), Opcode::stop);
    EXPECT_EQ(decode<sdk::wire::RunEnd>(messages.back()).exit_code, 1);
}

}  // namespace
}  // namespace fio::test
