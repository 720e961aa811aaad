// sync_file_range=FLAGS[:N]: which SYNC_FILE_RANGE_* flags, and after how many writes.
//
// Grammar: FLAGS is a comma list of wait_before, write, wait_after (lower case, as
// stock fio 3.33 spells them; a name may repeat); N is a decimal count, 1 when left
// out ("write" alone syncs after every write, as stock does); 0 turns it off.
// Checked against stock: an unknown or empty flag name ("foo", "write,", ":4") is an
// error there too. Deliberate difference: stock reads N with atoi, so "write:abc" and
// "write:-1" silently mean 0 (off); we reject an N that is not plain digits.
#pragma once

#include <cstdint>
#include <string_view>

namespace fio::core {

struct SyncFileRangeSetting {
    std::uint32_t flags = 0;  // SYNC_FILE_RANGE_WAIT_BEFORE | _WRITE | _WAIT_AFTER
    std::uint32_t every = 0;  // after every N writes; 0: never

    bool operator==(const SyncFileRangeSetting&) const = default;
};

// Throws ValueError naming the text.
SyncFileRangeSetting parse_sync_file_range(std::string_view text);

}  // namespace fio::core
