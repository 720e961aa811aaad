// Measures of written data for buffer-content tests: how well it compresses and how
// many of its blocks repeat earlier ones.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fio::test {

// Compressed size over original size, in percent (zlib, default level).
inline double compressed_percent(std::string_view data) {
    uLongf size = compressBound(static_cast<uLong>(data.size()));
    std::vector<Bytef> out(size);
    if (compress(out.data(), &size, reinterpret_cast<const Bytef*>(data.data()),
                 static_cast<uLong>(data.size())) != Z_OK) {
        return -1;
    }
    return 100.0 * static_cast<double>(size) / static_cast<double>(data.size());
}

// Percentage of `block`-sized pieces that equal an earlier piece.
inline double duplicate_block_percent(std::string_view data, std::size_t block) {
    std::set<std::string_view> seen;
    std::size_t blocks = 0;
    std::size_t duplicates = 0;
    for (std::size_t at = 0; at + block <= data.size(); at += block, ++blocks) {
        if (!seen.insert(data.substr(at, block)).second) ++duplicates;
    }
    return blocks ? 100.0 * static_cast<double>(duplicates) / static_cast<double>(blocks) : 0;
}

}  // namespace fio::test
