#include "remote/submission_limits.hpp"

#include "util/bounded_file.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace fio::core {
namespace {

std::string name_of(const sdk::wire::JobSubmission& submission, std::size_t i) {
    if (i >= submission.job_file_names.size()) return "unnamed";
    const std::string& name = submission.job_file_names[i];
    return name.size() <= 80 ? name : name.substr(0, 80) + "...";
}

}  // namespace

std::string submission_over_limits(const sdk::wire::JobSubmission& submission) {
    const std::size_t files = submission.job_file_texts.size();
    if (files > kMaxSubmittedJobFiles || submission.job_file_names.size() > kMaxSubmittedJobFiles) {
        return fmt::format("{} job files; the limit is {}",
                           std::max(files, submission.job_file_names.size()), kMaxSubmittedJobFiles);
    }
    for (std::size_t i = 0; i < files; ++i) {
        const std::size_t size = submission.job_file_texts[i].size();
        if (size > kMaxInputFileBytes) {
            return fmt::format("job file {} ({}) holds {} bytes; the limit is {}", i + 1,
                               name_of(submission, i), size, describe_limit(kMaxInputFileBytes));
        }
    }
    for (std::size_t i = 0; i < submission.job_file_names.size(); ++i) {
        if (submission.job_file_names[i].size() > kMaxSubmittedPathBytes) {
            return fmt::format("job file name {} is {} bytes long; the limit is {}", i + 1,
                               submission.job_file_names[i].size(), kMaxSubmittedPathBytes);
        }
    }
    if (submission.remote_config.size() > kMaxSubmittedPathBytes) {
        return fmt::format("the remote config path is {} bytes long; the limit is {}",
                           submission.remote_config.size(), kMaxSubmittedPathBytes);
    }
    std::size_t total = 0;
    for (std::size_t i = 0; i < submission.arguments.size(); ++i) {
        const std::size_t size = submission.arguments[i].size();
        if (size > kMaxSubmittedArgumentBytes) {
            return fmt::format("argument {} is {} bytes long; the limit is {}", i + 1, size,
                               describe_limit(kMaxSubmittedArgumentBytes + 1));
        }
        total += size + 1;
    }
    if (total > kMaxSubmittedArgumentsBytes) {
        return fmt::format("the arguments hold {} bytes in all; the limit is {}", total,
                           describe_limit(kMaxSubmittedArgumentsBytes));
    }
    return {};
}

}  // namespace fio::core
