#include "run/error_policy.hpp"

#include <algorithm>
#include <cerrno>

namespace fio::core {

ErrorOutcome ErrorPolicy::classify(sdk::IoDirection direction, int error) const noexcept {
    const bool write = direction != sdk::IoDirection::read;
    if (fill_device_ && write && (error == ENOSPC || error == EDQUOT)) return ErrorOutcome::job_done;
    const ErrorKind kind = write ? ErrorKind::write : ErrorKind::read;
    if (!spec_.continues_on(kind)) return ErrorOutcome::fatal;
    const auto& listed = spec_.non_fatal[static_cast<unsigned>(kind)];
    // Without a list, fio carries on after the errors a device may recover from.
    const bool non_fatal = listed.empty()
                               ? error == EIO || error == EILSEQ
                               : std::find(listed.begin(), listed.end(), error) != listed.end();
    return non_fatal ? ErrorOutcome::carry_on : ErrorOutcome::fatal;
}

}  // namespace fio::core
