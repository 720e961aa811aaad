// Turning the text of one option into a typed value, driven by its OptionSpec. This
// is the single parser for core and plugin options alike.
#pragma once

#include <fio/sdk/options.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace fio::core {

struct OptionValue {
    bool boolean = false;
    std::int64_t integer = 0;   // integer, size (bytes), time (ns), percentage, choice index
    std::string text;           // the text as given (string and choice values)
};

// Throws ValueError with a message that names the text and what was expected;
// the caller prefixes where (file:line, option name).
OptionValue parse_option_value(const sdk::OptionSpec& spec, std::string_view text,
                               unsigned kb_base);

// True when `name` is spec's name or one of its aliases.
bool option_matches(const sdk::OptionSpec& spec, std::string_view name);

}  // namespace fio::core
