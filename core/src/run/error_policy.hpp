// What an I/O error means for the job: the end of it (fio's default), an error it
// counts and carries on after (continue_on_error, ignore_error), or the expected end
// of a fill_device job (ENOSPC/EDQUOT on a write).
#pragma once

#include "jobs/job_spec.hpp"

#include <fio/sdk/engine.hpp>

namespace fio::core {

enum class ErrorOutcome { fatal, carry_on, job_done };

class ErrorPolicy {
public:
    explicit ErrorPolicy(const JobSpec& job) : spec_(job.errors), fill_device_(job.layout.fill_device) {}

    ErrorOutcome classify(sdk::IoDirection direction, int error) const noexcept;

    // Whether reports show total_err and first_error (fio: any continue_on_error).
    bool reports_counts() const noexcept { return spec_.continue_on != 0; }

    // Whether errors the job carries on after are printed too (error_dump).
    bool dumps_tolerated_errors() const noexcept { return spec_.error_dump; }

private:
    const ErrorSpec& spec_;
    bool fill_device_;
};

}  // namespace fio::core
