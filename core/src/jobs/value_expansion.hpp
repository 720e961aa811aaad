// Substitutions fio makes in option values before parsing them: ${VAR} from the
// environment and the reserved keywords $pagesize, $mb_memory and $ncpus.
#pragma once

#include <string>
#include <string_view>

namespace fio::core {

// Returns `value` with every ${VAR} and keyword replaced. Throws ValueError naming
// an unset variable or an unterminated ${.
std::string expand_value(std::string_view value);

}  // namespace fio::core
