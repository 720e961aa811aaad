// Checking one block that was read back, and what a failure leaves behind: stock
// fio's messages on stderr and, with verify_dump, the received and expected chunks
// as files. Shared by the job thread and the verify_async helper threads.
#pragma once

#include "verify/block_codec.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace fio::core {

struct CheckedBlock {
    const char* path = "";            // the file it was read from
    std::uint8_t* data = nullptr;     // the bytes read (the check may undo swaps in place)
    std::uint64_t offset = 0;
    std::uint32_t length = 0;
    std::int64_t bytes_read = 0;      // what the read returned
    BlockExpectation expect;
};

// Checks `block` with `codec`; on failure prints stock fio's report, dumps the chunk
// when `dump` is set, and returns the one-line failure for the job's error.
std::optional<std::string> check_block(BlockCodec& codec, const CheckedBlock& block, bool dump);

}  // namespace fio::core
