// file_service_type=: which of a job's files the next I/O goes to (the policy itself is
// workload/file_chooser.hpp).
#pragma once

#include "jobs/shape_spec.hpp"

#include <cstdint>

namespace fio::core {

enum class FileService {
    roundrobin,  // each file in turn (the default)
    sequential,  // a file until its pass is done, then the next
    random,      // a file drawn uniformly
    zipf,        // a file drawn by a zipf, pareto or normal distribution over the files
    pareto,
    normal,
};

struct FileServiceSpec {
    FileService kind = FileService::roundrobin;
    // I/Os to a chosen file before the next choice (:N of random and roundrobin);
    // 0: until the file's pass is done, which is what sequential always means.
    std::uint32_t ios_per_choice = 1;
    // zipf, pareto, normal: the distribution's value and center (kind is theirs).
    DistributionSpec distribution;

    bool non_uniform() const noexcept {
        return kind == FileService::zipf || kind == FileService::pareto ||
               kind == FileService::normal;
    }
    bool operator==(const FileServiceSpec&) const = default;
};

}  // namespace fio::core
