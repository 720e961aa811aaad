// The I/Os of a per-I/O log (lat, clat, slat, bw or iops) written with log_offset=1:
// each line is "time, value, direction, bs, offset[, priority]".
#pragma once

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fio::test {

struct LoggedIo {
    std::uint64_t offset;
    std::uint64_t length;
};

// Offsets and lengths, in the log's order (the order the I/Os completed).
inline std::vector<LoggedIo> logged_ios(const std::string& path) {
    std::ifstream in(path);
    std::vector<LoggedIo> ios;
    std::string line;
    while (std::getline(in, line)) {
        std::stringstream fields(line);
        std::string time, value, ddir, bs, offset;
        std::getline(fields, time, ',');
        std::getline(fields, value, ',');
        std::getline(fields, ddir, ',');
        std::getline(fields, bs, ',');
        std::getline(fields, offset, ',');
        ios.push_back({std::stoull(offset), std::stoull(bs)});
    }
    return ios;
}

}  // namespace fio::test
