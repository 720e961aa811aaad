// A job's data-verification settings (fio's verify* options), as parsed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fio::core {

// fio's verify= methods. The numbers are the type codes stock fio 3.33 writes into the
// block header, so data written by either tool identifies its method the same way.
enum class VerifyMethod : std::uint16_t {
    none = 0,
    meta = 1,         // header only (offset, length, header checksum)
    md5 = 2,
    crc64 = 3,
    crc32 = 4,
    crc32c = 5,       // crc32c-intel is the same method
    crc16 = 7,
    crc7 = 8,
    sha256 = 9,
    sha512 = 10,
    sha3_224 = 11,
    sha3_256 = 12,
    sha3_384 = 13,
    sha3_512 = 14,
    xxhash = 15,
    sha1 = 16,
    pattern_with_header = 17,  // verify_pattern without verify=: header + pattern
    pattern = 18,              // verify=pattern: the whole block is the pattern, no header
    null = 19,                 // pretend: nothing is written or checked
};

// One piece of a verify_pattern: literal bytes, or the block's offset (%o).
struct PatternPiece {
    std::vector<std::uint8_t> bytes;  // empty for an offset piece
    bool is_offset = false;           // %o: the I/O's offset, 8 bytes little-endian

    bool operator==(const PatternPiece&) const = default;
};

struct VerifySpec {
    VerifyMethod method = VerifyMethod::none;
    bool do_verify = true;            // read back and check after writing
    bool verify_only = false;         // check data written earlier; write nothing
    std::uint32_t interval = 0;       // bytes per header; 0: the write block size
    std::uint32_t header_offset = 0;  // verify_offset: where the header sits in a chunk
    std::vector<PatternPiece> pattern;  // verify_pattern; empty: random data
    bool fatal = false;               // verify_fatal (every failure ends the job anyway)
    bool dump = false;                // verify_dump: save received/expected blocks
    std::uint32_t async_threads = 0;  // verify_async (checks run on the job thread)
    std::uint64_t backlog = 0;        // verify after this many writes; 0: at the end
    std::uint64_t backlog_batch = 0;  // blocks checked per backlog point; 0: backlog
    bool experimental = false;        // experimental_verify: check by replaying the workload
    bool state_save = true;           // verify_state_save: write a state file at the end
    bool state_load = false;          // verify_state_load: check only up to a saved state
    std::string state_dir;            // --aux-path: the state files' directory ("" = here)
    // trim_percentage / trim_verify_zero / trim_backlog / trim_backlog_batch: a share of
    // the verified blocks is trimmed during the workload (verify/trim_schedule.hpp).
    unsigned trim_percentage = 0;     // of the written blocks, picked to be trimmed
    bool trim_verify_zero = true;     // a trimmed block must read back as zeroes
    std::uint64_t trim_backlog = 0;   // trims are due every this many written blocks
    std::uint64_t trim_backlog_batch = 0;  // blocks trimmed per point; 0: trim_backlog

    bool enabled() const noexcept { return method != VerifyMethod::none; }

    bool operator==(const VerifySpec&) const = default;
};

}  // namespace fio::core
