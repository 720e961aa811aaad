#include "jobs/job_spec.hpp"

namespace fio::core {

const char* to_string(RwPattern p) noexcept {
    switch (p) {
        case RwPattern::read: return "read";
        case RwPattern::write: return "write";
        case RwPattern::randread: return "randread";
        case RwPattern::randwrite: return "randwrite";
        case RwPattern::readwrite: return "rw";
        case RwPattern::randrw: return "randrw";
    }
    return "read";
}

}  // namespace fio::core
