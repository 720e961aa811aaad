// "did you mean ...?" hints for misspelled names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fio::core {

// The candidate closest to `word` by edit distance, if it is close enough to be a
// plausible typo (at most a third of the word's length); "" otherwise.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace fio::core
