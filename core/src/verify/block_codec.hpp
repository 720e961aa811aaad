// How a verified block looks: filling one before it is written, and checking one that
// was read back. A block is cut into chunks of verify_interval bytes (the whole block
// by default); each chunk starts with a VerifyHeader and the method's checksum of the
// rest of the chunk, optionally swapped with the bytes at verify_offset. The data is
// the verify_pattern, or pseudo-random bytes from a per-block seed kept in the header.
#pragma once

#include "jobs/verify_spec.hpp"
#include "verify/verify_header.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fio::core {

// What the writer of a block knew, stamped into its headers.
struct BlockStamp {
    std::uint64_t seed = 0;          // random data seed (ignored with a pattern)
    std::uint64_t time_ns = 0;       // monotonic time of the write
    std::uint16_t thread = 1;
    std::uint16_t write_number = 0;
};

// What the checker knows about a block beyond its offset: when it was written by this
// run, the seed it must carry (known), and the write number (check_write_number; also
// without a known seed, as experimental_verify knows the number from its replay only).
struct BlockExpectation {
    bool known = false;
    std::uint64_t seed = 0;
    std::uint16_t write_number = 0;
    bool check_write_number = false;
    bool zeroes = false;  // trimmed (trim_verify_zero): every byte must read as zero
};

// A failed check, in stock fio's terms.
struct VerifyFailure {
    std::uint64_t chunk_offset = 0;   // file offset of the failing chunk
    std::uint32_t chunk_length = 0;
    std::size_t chunk_index = 0;      // which chunk of the block
    std::string reason;               // e.g. "verify: bad magic header 0, wanted acca"
    std::string preamble;             // lines stock prints before the reason (patterns)
    std::string expected;             // checksum expected (stored) and received
    std::string received;             // (computed), for checksum failures
    bool checksum_mismatch = false;
};

class BlockCodec {
public:
    // `block_size` is the job's write block size (the default chunk size).
    BlockCodec(const VerifySpec& spec, std::uint64_t block_size);

    VerifyMethod method() const noexcept { return method_; }
    // Bytes at the start of a chunk that belong to the header and checksum.
    std::size_t header_bytes() const noexcept { return header_bytes_; }
    std::uint32_t chunk_bytes() const noexcept { return interval_; }
    // False for null and a pattern method without a pattern: nothing is checked.
    bool checks_anything() const noexcept { return checks_; }

    // Fills `length` bytes for a write at `offset`.
    void fill(std::uint8_t* block, std::uint32_t length, std::uint64_t offset,
              const BlockStamp& stamp) noexcept;

    // Checks `length` bytes read at `offset`; nullopt when they are right. May undo
    // the verify_offset swap in place.
    std::optional<VerifyFailure> check(std::uint8_t* block, std::uint32_t length,
                                       std::uint64_t offset, const BlockExpectation& expect);

    // The seed the chunk's header names (to rebuild the expected data for a dump);
    // nullopt when there is no readable header.
    std::optional<std::uint64_t> stored_seed(const std::uint8_t* chunk) const noexcept;

private:
    void fill_data(std::uint8_t* block, std::uint32_t length, std::uint64_t offset,
                   std::uint64_t seed) noexcept;
    void swap_header(std::uint8_t* chunk, std::uint32_t chunk_length) const noexcept;
    std::optional<VerifyFailure> check_chunk(std::uint8_t* chunk, std::uint32_t chunk_length,
                                             std::uint64_t chunk_offset,
                                             std::uint64_t block_offset,
                                             const BlockExpectation& expect);
    std::optional<VerifyFailure> check_pattern(const std::uint8_t* data, std::size_t from,
                                               std::size_t to, std::uint64_t block_offset);

    VerifyMethod method_;
    std::uint32_t interval_;         // chunk size
    std::uint32_t header_offset_;    // verify_offset
    std::size_t header_bytes_;       // header + checksum
    bool checks_;
    bool has_pattern_;
    std::vector<PatternPiece> pattern_;
    std::vector<std::uint8_t> period_;        // the pattern laid out once
    std::vector<std::size_t> offset_slots_;   // where %o sits in period_
    std::vector<std::uint8_t> expected_;      // scratch: the expected pattern bytes
};

}  // namespace fio::core
