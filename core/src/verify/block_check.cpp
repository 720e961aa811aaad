#include "verify/block_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

namespace fio::core {
namespace {

// Prints the failure as stock fio does and returns its one-line form.
std::string report(const CheckedBlock& block, const VerifyFailure& failure) {
    const std::string where =
        fmt::format("{} at file {} offset {}, length {} (requested block: offset={}, length={})",
                    failure.reason, block.path, failure.chunk_offset, failure.chunk_length,
                    block.offset, block.length);
    std::string text = where;
    std::string details;
    if (failure.checksum_mismatch) {
        details = fmt::format("       Expected CRC: {}\n       Received CRC: {}\n", failure.expected,
                              failure.received);
        text += fmt::format(": expected {}, received {}", failure.expected, failure.received);
    }
    const std::string preamble = failure.preamble.empty() ? "" : failure.preamble + "\n";
    std::fprintf(stderr, "%s%s\n%s", preamble.c_str(), where.c_str(), details.c_str());
    return text;
}

// Stock fio's names: <file name>.<chunk offset>.received / .expected, in the current
// directory.
void dump(BlockCodec& codec, const CheckedBlock& block, const VerifyFailure& failure) {
    const std::string base = fmt::format(
        "{}.{}", std::filesystem::path(block.path).filename().string(), failure.chunk_offset);
    const std::size_t chunk_start = failure.chunk_offset - block.offset;
    auto write_file = [&](const std::string& name, const std::uint8_t* data, const char* what) {
        std::ofstream out(name, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), failure.chunk_length);
        if (out) {
            std::fprintf(stderr, "       %s data dumped as %s\n", what, name.c_str());
        } else {
            std::fprintf(stderr, "       could not dump %s data to %s\n", what, name.c_str());
        }
    };
    write_file(base + ".received", block.data + chunk_start, "received");

    // The expected data is rebuilt from the seed this run used, or the one the
    // header names when the blocks were written by an earlier run.
    std::optional<std::uint64_t> seed;
    if (block.expect.known) seed = block.expect.seed;
    else seed = codec.stored_seed(block.data + chunk_start);
    if (!seed && codec.header_bytes() != 0) return;
    std::vector<std::uint8_t> expected(block.length);
    BlockStamp stamp;
    stamp.seed = seed.value_or(0);
    stamp.write_number = block.expect.write_number;
    codec.fill(expected.data(), block.length, block.offset, stamp);
    write_file(base + ".expected", expected.data() + chunk_start, "expected");
}

// A trimmed block (trim_verify_zero): stock's one line, naming the first byte that is
// not zero.
std::optional<std::string> check_zeroes(const CheckedBlock& block) {
    const std::uint32_t length = static_cast<std::uint64_t>(block.bytes_read) < block.length
                                     ? static_cast<std::uint32_t>(std::max<std::int64_t>(block.bytes_read, 0))
                                     : block.length;
    const std::uint8_t* begin = block.data;
    const std::uint8_t* end = begin + length;
    const std::uint8_t* first = std::find_if(begin, end, [](std::uint8_t b) { return b != 0; });
    if (first == end && length == block.length) return std::nullopt;
    std::string text = fmt::format("trim: verify failed at file {} offset {}, length {}, block offset {}",
                                   block.path, block.offset, block.length, first - begin);
    std::fprintf(stderr, "%s\n", text.c_str());
    return text;
}

}  // namespace

std::optional<std::string> check_block(BlockCodec& codec, const CheckedBlock& block, bool dump_it) {
    if (block.expect.zeroes) return check_zeroes(block);
    std::optional<VerifyFailure> failure;
    if (static_cast<std::uint64_t>(block.bytes_read) != block.length) {
        failure.emplace();
        failure->chunk_offset = block.offset;
        failure->chunk_length = block.length;
        failure->reason = fmt::format("verify: short read of {} bytes, wanted {}", block.bytes_read,
                                      block.length);
    } else {
        failure = codec.check(block.data, block.length, block.offset, block.expect);
    }
    if (!failure) return std::nullopt;
    std::string text = report(block, *failure);
    if (dump_it && failure->chunk_length != 0) dump(codec, block, *failure);
    return text;
}

}  // namespace fio::core
