#include "verify/block_codec.hpp"

#include "verify/checksum.hpp"
#include "verify/verify_pattern.hpp"
#include "workload/rng.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

namespace fio::core {

BlockCodec::BlockCodec(const VerifySpec& spec, std::uint64_t block_size)
    : method_(spec.method),
      interval_(spec.interval ? spec.interval : static_cast<std::uint32_t>(block_size)),
      header_offset_(spec.header_offset),
      header_bytes_(kVerifyHeaderBytes + checksum_bytes(spec.method)),
      has_pattern_(!spec.pattern.empty()),
      pattern_(spec.pattern) {
    const bool writes_header = method_ != VerifyMethod::pattern && method_ != VerifyMethod::null;
    if (!writes_header) header_bytes_ = 0;
    checks_ = writes_header || (method_ == VerifyMethod::pattern && has_pattern_);
    if (has_pattern_) {
        period_ = pattern_period(pattern_, 0);
        std::size_t at = 0;
        for (const auto& piece : pattern_) {
            if (piece.is_offset) offset_slots_.push_back(at);
            at += piece.is_offset ? 8 : piece.bytes.size();
        }
        expected_.resize(std::max<std::uint64_t>(block_size, interval_));
    }
}

void BlockCodec::fill_data(std::uint8_t* block, std::uint32_t length, std::uint64_t offset,
                           std::uint64_t seed) noexcept {
    if (has_pattern_) {
        for (const std::size_t slot : offset_slots_) std::memcpy(&period_[slot], &offset, 8);
        fill_with_period(block, length, period_);
        return;
    }
    Rng rng(seed);
    std::size_t at = 0;
    for (; at + 8 <= length; at += 8) {
        const std::uint64_t word = rng.next();
        std::memcpy(block + at, &word, 8);
    }
    if (at < length) {
        const std::uint64_t word = rng.next();
        std::memcpy(block + at, &word, length - at);
    }
}

void BlockCodec::swap_header(std::uint8_t* chunk, std::uint32_t chunk_length) const noexcept {
    if (header_offset_ == 0 || header_offset_ + header_bytes_ > chunk_length) return;
    std::array<std::uint8_t, kVerifyHeaderBytes + kMaxChecksumBytes> saved;
    std::memcpy(saved.data(), chunk, header_bytes_);
    std::memmove(chunk, chunk + header_offset_, header_bytes_);
    std::memcpy(chunk + header_offset_, saved.data(), header_bytes_);
}

void BlockCodec::fill(std::uint8_t* block, std::uint32_t length, std::uint64_t offset,
                      const BlockStamp& stamp) noexcept {
    const std::uint64_t seed = has_pattern_ ? 0 : stamp.seed;
    fill_data(block, length, offset, seed);
    if (header_bytes_ == 0) return;
    VerifyHeader header;
    header.method = static_cast<std::uint16_t>(method_);
    header.seed = seed;
    header.time_s = static_cast<std::uint32_t>(stamp.time_ns / 1'000'000'000);
    header.time_ns = static_cast<std::uint32_t>(stamp.time_ns % 1'000'000'000);
    header.thread = stamp.thread;
    header.write_number = stamp.write_number;
    for (std::uint32_t at = 0; at < length; at += interval_) {
        const std::uint32_t chunk_length = std::min(interval_, length - at);
        if (chunk_length < header_bytes_) break;  // a tail too short to carry a header
        std::uint8_t* chunk = block + at;
        header.length = chunk_length;
        header.offset = offset + at;
        encode_verify_header(header, chunk);
        compute_checksum(method_, chunk + header_bytes_, chunk_length - header_bytes_,
                         chunk + kVerifyHeaderBytes);
        swap_header(chunk, chunk_length);
    }
}

std::optional<VerifyFailure> BlockCodec::check(std::uint8_t* block, std::uint32_t length,
                                               std::uint64_t offset,
                                               const BlockExpectation& expect) {
    if (!checks_) return std::nullopt;
    if (header_bytes_ == 0) {  // verify=pattern: the whole block is the pattern
        auto failure = check_pattern(block, 0, length, offset);
        if (failure) {
            failure->chunk_offset = offset;
            failure->chunk_length = length;
        }
        return failure;
    }
    std::size_t index = 0;
    for (std::uint32_t at = 0; at < length; at += interval_, ++index) {
        const std::uint32_t chunk_length = std::min(interval_, length - at);
        if (chunk_length < header_bytes_) break;
        auto failure = check_chunk(block + at, chunk_length, offset + at, offset, expect);
        if (failure) {
            failure->chunk_offset = offset + at;
            failure->chunk_length = chunk_length;
            failure->chunk_index = index;
            return failure;
        }
    }
    return std::nullopt;
}

std::optional<VerifyFailure> BlockCodec::check_chunk(std::uint8_t* chunk,
                                                     std::uint32_t chunk_length,
                                                     std::uint64_t chunk_offset,
                                                     std::uint64_t block_offset,
                                                     const BlockExpectation& expect) {
    swap_header(chunk, chunk_length);
    const VerifyHeader header = decode_verify_header(chunk);
    auto fail = [](std::string reason) {
        VerifyFailure failure;
        failure.reason = std::move(reason);
        return std::optional<VerifyFailure>(std::move(failure));
    };
    if (header.magic != kVerifyMagic) {
        return fail(fmt::format("verify: bad magic header {:x}, wanted {:x}", header.magic, kVerifyMagic));
    }
    if (header.length != chunk_length) {
        return fail(fmt::format("verify: bad header length {}, wanted {}", header.length, chunk_length));
    }
    if (expect.known && !has_pattern_ && header.seed != expect.seed) {
        return fail(fmt::format("verify: bad header rand_seed {}, wanted {}", header.seed, expect.seed));
    }
    if (header.offset != chunk_offset) {
        return fail(fmt::format("verify: bad header offset {}, wanted {}", header.offset, chunk_offset));
    }
    if (expect.check_write_number && header.write_number != expect.write_number) {
        return fail(fmt::format("verify: bad header numberio {}, wanted {}", header.write_number,
                                expect.write_number));
    }
    if (const std::uint32_t crc = verify_header_crc(chunk); crc != header.crc) {
        return fail(fmt::format("verify: bad header crc {:x}, calculated {:x}", header.crc, crc));
    }
    if (header.method != static_cast<std::uint16_t>(method_)) {
        return fail(fmt::format("verify: the header says verify type {}, the job uses {} ({})",
                                header.method, static_cast<unsigned>(method_),
                                verify_method_name(method_)));
    }
    if (has_checksum(method_)) {
        std::array<std::uint8_t, kMaxChecksumBytes> computed{};
        compute_checksum(method_, chunk + header_bytes_, chunk_length - header_bytes_,
                         computed.data());
        const std::uint8_t* stored = chunk + kVerifyHeaderBytes;
        if (std::memcmp(stored, computed.data(), checksum_bytes(method_)) != 0) {
            VerifyFailure failure;
            failure.reason = fmt::format("{}: verify failed", verify_method_name(method_));
            failure.expected = format_checksum(method_, stored);
            failure.received = format_checksum(method_, computed.data());
            failure.checksum_mismatch = true;
            return failure;
        }
    }
    if (has_pattern_) {
        // The pattern repeats from the block's start; the header only covers its head.
        const std::uint64_t in_block = chunk_offset - block_offset;
        return check_pattern(chunk - in_block, in_block + header_bytes_, in_block + chunk_length,
                             block_offset);
    }
    return std::nullopt;
}

std::optional<VerifyFailure> BlockCodec::check_pattern(const std::uint8_t* block, std::size_t from,
                                                       std::size_t to, std::uint64_t block_offset) {
    if (expected_.size() < to) expected_.resize(to);
    for (const std::size_t slot : offset_slots_) std::memcpy(&period_[slot], &block_offset, 8);
    fill_with_period(expected_.data(), to, period_);
    if (std::memcmp(block + from, expected_.data() + from, to - from) == 0) return std::nullopt;
    std::size_t at = from;
    while (block[at] == expected_[at]) ++at;
    VerifyFailure failure;
    failure.reason = fmt::format("{}: verify failed", verify_method_name(method_));
    failure.preamble = fmt::format("fio: got pattern '{:02x}', wanted '{:02x}'. Bad bits {}\n"
                                   "fio: bad pattern block offset {}",
                                   block[at], expected_[at],
                                   std::popcount(static_cast<unsigned>(block[at] ^ expected_[at])), at);
    return failure;
}

std::optional<std::uint64_t> BlockCodec::stored_seed(const std::uint8_t* chunk) const noexcept {
    if (header_bytes_ == 0) return std::nullopt;
    const VerifyHeader header = decode_verify_header(chunk);
    if (header.magic != kVerifyMagic) return std::nullopt;
    return header.seed;
}

}  // namespace fio::core
