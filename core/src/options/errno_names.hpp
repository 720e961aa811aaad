// errno values by name ("ENOSPC") or number, as fio's ignore_error takes them.
#pragma once

#include <string_view>

namespace fio::core {

// Throws ValueError for a name that is no errno and for a number out of range.
int parse_errno(std::string_view text);

}  // namespace fio::core
