// Options that a plugin contributes, and how a plugin reads their parsed values.
//
// A plugin declares its options in a static array of OptionSpec. The core's single
// option parser owns all parsing: it validates each value against the spec (type,
// range, choices), reports errors with file:line, and shows the table in --enghelp.
// The plugin then reads typed values through OptionValues when it is created; every
// option declared with a default is always present.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

namespace fio::sdk {

enum class OptionType : std::uint32_t {
    boolean,     // 0/1, true/false, yes/no, on/off; a bare name means true
    integer,     // plain signed integer
    size,        // bytes, with k/m/g/t/p suffixes and kb_base
    time,        // nanoseconds after parsing; `unit` says what a bare number means (see below)
    string,      // free text
    choice,      // one of `choices` (comma-separated)
    percentage,  // 0..100
};

struct OptionSpec {
    const char* name;
    const char* aliases;        // comma-separated other names, or nullptr
    OptionType type;
    const char* default_value;  // as a user would write it, or nullptr for "unset"
    // Inclusive bounds for integer, size, time, percentage, in the parsed unit: bytes
    // for size, nanoseconds for time (whatever `unit` is: min 1000 with unit "us" means
    // 1 us). A time value is at most kNoMax ns (about 292 years); the host refuses a
    // value outside [min, max] naming the option, and never hands one to the plugin.
    std::int64_t min;
    std::int64_t max;
    const char* choices;        // for OptionType::choice: "a,b,c"; else nullptr
    const char* help;           // one line
    const char* category;       // e.g. "I/O engine"
    const char* unit;           // time: unit of a bare number ("ns", "us", "ms", "s"); else nullptr
};

inline constexpr std::int64_t kNoMin = std::numeric_limits<std::int64_t>::min();
inline constexpr std::int64_t kNoMax = std::numeric_limits<std::int64_t>::max();

// Tag for plugins without options.
struct NoOptionsTag {};
inline constexpr NoOptionsTag kNoOptions{};

constexpr const OptionSpec* option_table_data(NoOptionsTag) noexcept { return nullptr; }
constexpr std::size_t option_table_size(NoOptionsTag) noexcept { return 0; }
template <std::size_t N>
constexpr const OptionSpec* option_table_data(const OptionSpec (&table)[N]) noexcept {
    return table;
}
template <std::size_t N>
constexpr std::size_t option_table_size(const OptionSpec (&)[N]) noexcept {
    return N;
}

// Parsed option values handed to a plugin factory. Names are the spec's primary names.
// Asking for an option the plugin did not declare, or of another type, returns the
// fallback: the core has already validated everything a user wrote.
class OptionValues {
public:
    virtual ~OptionValues() = default;
    virtual bool has(std::string_view name) const = 0;
    virtual bool get_bool(std::string_view name, bool fallback) const = 0;
    // integer, size (bytes), time (nanoseconds, whatever unit the user wrote it in:
    // "10ms" and a bare "10" with unit "ms" both read 10'000'000), percentage and choice
    // index.
    virtual std::int64_t get_int(std::string_view name, std::int64_t fallback) const = 0;
    virtual std::string_view get_string(std::string_view name,
                                        std::string_view fallback) const = 0;
};

}  // namespace fio::sdk
