#include "jobs/job_spec.hpp"

#include <fmt/format.h>

namespace fio::core {

std::string SourceLocation::describe() const {
    if (file.empty()) return "command line";
    return fmt::format("{}:{}", file, line);
}

const char* to_string(RwPattern p) noexcept {
    switch (p) {
        case RwPattern::read: return "read";
        case RwPattern::write: return "write";
        case RwPattern::randread: return "randread";
        case RwPattern::randwrite: return "randwrite";
        case RwPattern::readwrite: return "rw";
        case RwPattern::randrw: return "randrw";
        case RwPattern::trim: return "trim";
        case RwPattern::randtrim: return "randtrim";
        case RwPattern::trimwrite: return "trimwrite";
        case RwPattern::randtrimwrite: return "randtrimwrite";
    }
    return "read";
}

}  // namespace fio::core
